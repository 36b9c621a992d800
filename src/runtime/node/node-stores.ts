import type { CountingOutbox } from "../../alerts/failover-outbox.js";
import { SqliteAlertOutbox } from "../../persistence/sqlite-alert-outbox.js";
import { SqliteControlJournal } from "../../persistence/sqlite-control-journal.js";
import { SqliteHydraJournal } from "../../persistence/sqlite-hydra-journal.js";
import { SqliteHydraState } from "../../persistence/sqlite-hydra-state.js";
import { nodeStarted, nodeStopped, type UncleanRun } from "../../persistence/sqlite-node-lives.js";
import { startRun } from "../../persistence/sqlite-run-registry.js";
import { SqliteTradingJournal } from "../../persistence/sqlite-trading-journal.js";
import type { Env } from "../../risk/kill-switch/kill-switch-env.js";
import { nodeIdentity } from "./shared-stores.js";

type Closable = { close(): void };

/**
 * Where a node keeps its records, one backend for all of them: the SQLite file `--db` (the default), or
 * the PostgreSQL database HYDRA_DB_URL names, every row under the node's id (HYDRA_NODE_ID). Each
 * long-running command opens it once and hands it to what it runs.
 */
export interface NodeStores {
  readonly backend: "sqlite" | "postgres";
  /** for messages: the file, or the address without its password */
  readonly where: string;
  readonly nodeId: string;
  hydraJournal(): SqliteHydraJournal;
  hydraState(): SqliteHydraState;
  tradingJournal(): SqliteTradingJournal;
  /** the alert outbox (`keep`: HYDRA_ALERTS_KEEP) */
  outbox(keep: number): CountingOutbox;
  controlJournal(): SqliteControlJournal;
  /** marks the node's run started; the previous run when it did not stop cleanly */
  nodeStarted(node: string, run: string, wallMs: number): UncleanRun | undefined;
  nodeStopped(node: string, run: string): void;
  /** numbers a run of `command` (order and position ids carry it) */
  startRun(command: string, mode: string, wallMs: number): number;
  /** closes what was opened through it (PostgreSQL: applies what the spool holds, or says what waits) */
  close(): void;
}

/** The node's stores in the SQLite file `dbPath`. */
export function sqliteNodeStores(dbPath: string, nodeId = dbPath): NodeStores {
  const opened: Closable[] = [];
  const keep = <T extends Closable>(s: T): T => {
    opened.push(s);
    return s;
  };
  return {
    backend: "sqlite",
    where: dbPath,
    nodeId,
    hydraJournal: () => keep(SqliteHydraJournal.open(dbPath)),
    hydraState: () => keep(SqliteHydraState.open(dbPath)),
    tradingJournal: () => keep(SqliteTradingJournal.open(dbPath)),
    outbox: (n) => keep(SqliteAlertOutbox.open(dbPath, n)),
    controlJournal: () => keep(SqliteControlJournal.open(dbPath)),
    nodeStarted: (node, run, wallMs) => nodeStarted(dbPath, node, run, wallMs),
    nodeStopped: (node, run) => nodeStopped(dbPath, node, run),
    startRun: (command, mode, wallMs) => startRun(dbPath, command, mode, wallMs),
    close: () => {
      for (const s of opened.splice(0).reverse()) s.close();
    },
  };
}

/**
 * The node's stores. On SQLite they live in the file `dbPath`; HYDRA_DB_URL's PostgreSQL gets a copy
 * of them every second (the kill switch service's).
 */
export function openNodeStores(dbPath: string, env: Env): NodeStores {
  return sqliteNodeStores(dbPath, nodeIdentity(env, dbPath).nodeId);
}
