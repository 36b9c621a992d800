/** A process that honours the kill switch, as `hydra kill-switch status` lists it. */
export interface NodeProcess {
  pid: number;
  /** the command ("ftmo", "run", "demo", "trade", "paper") */
  name: string;
  /** wall time (epoch ms) the process started */
  startedAt: number;
  /** wall time (epoch ms) of its last kill-switch poll */
  lastPollAt: number;
  /** whether the kill switch was on at that poll */
  halted: boolean;
  /** on a database shared by several hosts (PostgreSQL): the host and the node's id; absent on SQLite */
  host?: string;
  node?: string;
}

/**
 * Where long-running processes say that they are alive and polling the kill switch: the
 * `node_processes` table beside `guardian_state`, in SQLite or PostgreSQL (where a registry speaks for
 * one host: register/heartbeat/unregister touch its own host's pids; list shows every host's).
 */
export interface ProcessRegistry {
  register(p: NodeProcess): void;
  heartbeat(pid: number, atMs: number, halted: boolean): void;
  unregister(pid: number): void;
  list(): NodeProcess[];
  close(): void;
}
