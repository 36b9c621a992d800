import type { NodeProcess, ProcessRegistry } from "../../risk/kill-switch/process-registry.js";
import type { PgSyncClient } from "./pg-sync-client.js";
import { openPostgres } from "./postgres-database.js";

interface Row {
  node_id: string;
  host: string;
  pid: number;
  name: string;
  started_at_wall: number;
  last_poll_at_wall: number;
  halted: boolean;
}

/** Who this registry speaks for: its host, and the node id its rows carry. */
export interface NodeIdentity {
  host: string;
  nodeId: string;
}

/**
 * The processes that poll the kill switch, in node_processes of a PostgreSQL database shared by several
 * hosts: rows are keyed by (host, pid), so pids of different hosts do not collide.
 */
export class PostgresProcessRegistry implements ProcessRegistry {
  constructor(
    private readonly client: PgSyncClient,
    private readonly me: NodeIdentity,
    private readonly ownsClient = false,
  ) {}

  static open(url: string, me: NodeIdentity, nowWallMs: number): PostgresProcessRegistry {
    return new PostgresProcessRegistry(openPostgres(url, nowWallMs), me, true);
  }

  register(p: NodeProcess): void {
    this.client.query(
      `INSERT INTO node_processes (node_id, host, pid, name, started_at_wall, last_poll_at_wall, halted)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (host, pid) DO UPDATE SET node_id = excluded.node_id, name = excluded.name,
       started_at_wall = excluded.started_at_wall, last_poll_at_wall = excluded.last_poll_at_wall,
       halted = excluded.halted`,
      [this.me.nodeId, this.me.host, p.pid, p.name, p.startedAt, p.lastPollAt, p.halted],
    );
  }

  heartbeat(pid: number, atMs: number, halted: boolean): void {
    this.client.query(
      "UPDATE node_processes SET last_poll_at_wall = $1, halted = $2 WHERE host = $3 AND pid = $4",
      [atMs, halted, this.me.host, pid],
    );
  }

  unregister(pid: number): void {
    this.client.query("DELETE FROM node_processes WHERE host = $1 AND pid = $2", [this.me.host, pid]);
  }

  list(): NodeProcess[] {
    return this.client
      .query<Row>("SELECT * FROM node_processes ORDER BY started_at_wall, host, pid")
      .rows.map((r) => ({
        pid: r.pid,
        name: r.name,
        startedAt: r.started_at_wall,
        lastPollAt: r.last_poll_at_wall,
        halted: r.halted,
        host: r.host,
        node: r.node_id,
      }));
  }

  close(): void {
    if (this.ownsClient) this.client.close();
  }
}
