import type { AlertOutbox } from "../../alerts/outbox.js";
import type { ControlJournal } from "../../persistence/control-journal.js";
import type { HydraJournalStore, HydraStateStoreHandle } from "../../persistence/hydra-journal-store.js";
import type { NodeLives } from "../../persistence/node-lives.js";
import type { RunRegistry } from "../../persistence/run-registry.js";
import { SqliteAlertOutbox } from "../../persistence/sqlite-alert-outbox.js";
import { SqliteControlJournal } from "../../persistence/sqlite-control-journal.js";
import { SqliteHydraJournal } from "../../persistence/sqlite-hydra-journal.js";
import { SqliteHydraState } from "../../persistence/sqlite-hydra-state.js";
import { SqliteNodeLives } from "../../persistence/sqlite-node-lives.js";
import { SqliteRunRegistry } from "../../persistence/sqlite-run-registry.js";
import { SqliteTradingJournal } from "../../persistence/sqlite-trading-journal.js";
import type { Env } from "../../risk/kill-switch/kill-switch-env.js";
import { nodeIdentity } from "./shared-stores.js";

type Closable = { close(): void };

/**
 * Where a node keeps its records, one backend for all of them: the SQLite file `--db` (the default), or
 * the PostgreSQL database HYDRA_DB_URL names, every row under the node's id (HYDRA_NODE_ID). Each
 * long-running command opens it once and hands it to what it runs; each store is opened on first use.
 */
export interface NodeStores {
  readonly backend: "sqlite" | "postgres";
  /** for messages: the file, or the address without its password */
  readonly where: string;
  readonly nodeId: string;
  hydraJournal(): HydraJournalStore;
  hydraState(): HydraStateStoreHandle;
  tradingJournal(): SqliteTradingJournal;
  /** the alert outbox (`keep`: HYDRA_ALERTS_KEEP) */
  outbox(keep: number): AlertOutbox;
  controlJournal(): ControlJournal;
  /** each run started and stopped (a run never stopped crashed) */
  lives(): NodeLives;
  /** numbers each run of a command (order and position ids carry it) */
  runs(): RunRegistry;
  /** closes what was opened through it */
  close(): void;
}

/** Opens each store once, on first use; closes them in reverse order. */
class Opened {
  private readonly stores = new Map<string, Closable>();

  get<T extends Closable>(name: string, open: () => T): T {
    let s = this.stores.get(name);
    if (s === undefined) {
      s = open();
      this.stores.set(name, s);
    }
    return s as T;
  }

  close(): void {
    const all = [...this.stores.values()].reverse();
    this.stores.clear();
    for (const s of all) s.close();
  }
}

/** The node's stores in the SQLite file `dbPath`. */
export function sqliteNodeStores(dbPath: string, nodeId = dbPath): NodeStores {
  const opened = new Opened();
  return {
    backend: "sqlite",
    where: dbPath,
    nodeId,
    hydraJournal: () => opened.get("hydra journal", () => SqliteHydraJournal.open(dbPath)),
    hydraState: () => opened.get("hydra state", () => SqliteHydraState.open(dbPath)),
    tradingJournal: () => opened.get("trading journal", () => SqliteTradingJournal.open(dbPath)),
    outbox: (keep) => opened.get("outbox", () => SqliteAlertOutbox.open(dbPath, keep)),
    controlJournal: () => opened.get("control journal", () => SqliteControlJournal.open(dbPath)),
    lives: () => opened.get("lives", () => new SqliteNodeLives(dbPath)),
    runs: () => opened.get("runs", () => new SqliteRunRegistry(dbPath)),
    close: () => opened.close(),
  };
}

/**
 * The node's stores. On SQLite they live in the file `dbPath`; HYDRA_DB_URL's PostgreSQL gets a copy
 * of them every second (the kill switch service's).
 */
export function openNodeStores(dbPath: string, env: Env): NodeStores {
  return sqliteNodeStores(dbPath, nodeIdentity(env, dbPath).nodeId);
}
