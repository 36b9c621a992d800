import path from "node:path";
import { FailoverOutbox } from "../../alerts/failover-outbox.js";
import type { AlertOutbox } from "../../alerts/outbox.js";
import type { Clock } from "../../core/clock.js";
import type { ControlJournal } from "../../persistence/control-journal.js";
import type { HydraJournalStore, HydraStateStoreHandle } from "../../persistence/hydra-journal-store.js";
import type { NodeLives } from "../../persistence/node-lives.js";
import { postgresUrlFromEnv, redactDbUrl } from "../../persistence/postgres/db-url.js";
import { PgSpool } from "../../persistence/postgres/pg-spool.js";
import { PgSyncClient } from "../../persistence/postgres/pg-sync-client.js";
import { PostgresAlertOutbox } from "../../persistence/postgres/postgres-alert-outbox.js";
import { PostgresControlJournal } from "../../persistence/postgres/postgres-control-journal.js";
import { openPostgres } from "../../persistence/postgres/postgres-database.js";
import { PostgresHydraJournal } from "../../persistence/postgres/postgres-hydra-journal.js";
import { PostgresHydraState } from "../../persistence/postgres/postgres-hydra-state.js";
import { PostgresNodeLives } from "../../persistence/postgres/postgres-node-lives.js";
import { PostgresRunRegistry } from "../../persistence/postgres/postgres-run-registry.js";
import { PostgresTradingJournal } from "../../persistence/postgres/postgres-trading-journal.js";
import type { RunRegistry } from "../../persistence/run-registry.js";
import { SqliteAlertOutbox } from "../../persistence/sqlite-alert-outbox.js";
import { SqliteControlJournal } from "../../persistence/sqlite-control-journal.js";
import { SqliteHydraJournal } from "../../persistence/sqlite-hydra-journal.js";
import { SqliteHydraState } from "../../persistence/sqlite-hydra-state.js";
import { SqliteNodeLives } from "../../persistence/sqlite-node-lives.js";
import { SqliteRunRegistry } from "../../persistence/sqlite-run-registry.js";
import { SqliteTradingJournal } from "../../persistence/sqlite-trading-journal.js";
import type { TradingJournal } from "../../portfolio/trading-journal.js";
import type { Env } from "../../risk/kill-switch/kill-switch-env.js";
import type { CheckpointStore } from "../ftmo/checkpoint-store.js";
import { FileCheckpointStore } from "../ftmo/file-checkpoint-store.js";
import { checkpointPathOf } from "../ftmo/ftmo-checkpoint.js";
import { PostgresCheckpointStore } from "../ftmo/postgres-checkpoint-store.js";
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
  tradingJournal(): TradingJournal;
  /** the FTMO half's checkpoint */
  checkpoints(): CheckpointStore;
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

/** `store`, whose close() closes the connection it was given too (a connection of its own). */
function closingWith<T extends Closable>(store: T, conn: Closable): T {
  const close = store.close.bind(store);
  store.close = () => {
    try {
      close();
    } finally {
      conn.close();
    }
  };
  return store;
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
    checkpoints: () => new FileCheckpointStore(checkpointPathOf(dbPath)),
    outbox: (keep) => opened.get("outbox", () => SqliteAlertOutbox.open(dbPath, keep)),
    controlJournal: () => opened.get("control journal", () => SqliteControlJournal.open(dbPath)),
    lives: () => opened.get("lives", () => new SqliteNodeLives(dbPath)),
    runs: () => opened.get("runs", () => new SqliteRunRegistry(dbPath)),
    close: () => opened.close(),
  };
}

/** The spool of a node on PostgreSQL: beside its `--db` file. */
function spoolPathOf(dbPath: string): string {
  return `${path.resolve(dbPath)}.pg-spool`;
}

/**
 * The node's stores: in PostgreSQL when HYDRA_DB_URL names it (migrated at open; writes it cannot take
 * are kept in the spool beside `dbPath` and applied once it answers), else in the SQLite file `dbPath`.
 * `say` tells the node what becomes of its writes while the database is away.
 */
export function openNodeStores(
  dbPath: string,
  env: Env,
  wall: Clock,
  say: (line: string) => void,
): NodeStores {
  const url = postgresUrlFromEnv(env);
  const { nodeId } = nodeIdentity(env, dbPath);
  return url === undefined
    ? sqliteNodeStores(dbPath, nodeId)
    : postgresNodeStores(url, dbPath, nodeId, wall, say);
}

/** how often writes kept while the database was away are tried again (wall time) */
const DRAIN_MS = 1000;

function postgresNodeStores(
  url: string,
  dbPath: string,
  nodeId: string,
  wall: Clock,
  say: (line: string) => void,
): NodeStores {
  const where = redactDbUrl(url);
  const client = openPostgres(url, wall.now());
  try {
    // a spool left by a node killed while the database was away is applied before anything is read
    client.useSpool(new PgSpool(spoolPathOf(dbPath), nodeId, where), say);
    client.drain();
  } catch (e) {
    client.close();
    throw e;
  }
  // tried again every second, not only at the next write: a halted node may write nothing for long
  const drain = (): boolean => {
    try {
      return client.drain();
    } catch (e) {
      say(`PostgreSQL: ${(e as Error).message}`);
      return false;
    }
  };
  const drainer = setInterval(() => {
    if (client.waiting > 0) drain();
  }, DRAIN_MS);
  drainer.unref();
  const opened = new Opened();
  // the outbox on a connection of its own, without the spool: an alert PostgreSQL cannot take goes
  // to the node's own file, from which it is sent (the one saying the database is lost among them)
  const outbox = (keep: number): AlertOutbox => {
    const own = new PgSyncClient(url);
    try {
      return new FailoverOutbox(
        closingWith(new PostgresAlertOutbox(own, nodeId, keep), own),
        SqliteAlertOutbox.open(dbPath, keep),
      );
    } catch (e) {
      own.close();
      throw e;
    }
  };
  return {
    backend: "postgres",
    where,
    nodeId,
    hydraJournal: () => opened.get("hydra journal", () => new PostgresHydraJournal(client, nodeId, wall)),
    hydraState: () => opened.get("hydra state", () => new PostgresHydraState(client, nodeId)),
    tradingJournal: () => opened.get("trading journal", () => new PostgresTradingJournal(client, nodeId)),
    checkpoints: () => new PostgresCheckpointStore(client, nodeId),
    outbox: (keep) => opened.get("outbox", () => outbox(keep)),
    controlJournal: () => opened.get("control journal", () => new PostgresControlJournal(client, nodeId)),
    lives: () => opened.get("lives", () => new PostgresNodeLives(client, nodeId)),
    runs: () => opened.get("runs", () => new PostgresRunRegistry(client, nodeId)),
    close: () => {
      clearInterval(drainer);
      opened.close();
      if (!drain())
        say(
          `PostgreSQL: ${client.waiting} write(s) wait in ${spoolPathOf(dbPath)}; the node's next start applies them`,
        );
      client.close();
    },
  };
}
