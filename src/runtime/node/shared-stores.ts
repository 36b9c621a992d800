import { hostname } from "node:os";
import path from "node:path";
import type { EngineCommandStore } from "../../persistence/engine-command-store.js";
import { postgresUrlFromEnv, redactDbUrl } from "../../persistence/postgres/db-url.js";
import { openPostgres } from "../../persistence/postgres/postgres-database.js";
import { PostgresEngineCommands } from "../../persistence/postgres/postgres-engine-commands.js";
import { PostgresKillSwitchStore } from "../../persistence/postgres/postgres-kill-switch-store.js";
import {
  type NodeIdentity,
  PostgresProcessRegistry,
} from "../../persistence/postgres/postgres-process-registry.js";
import { SqliteEngineCommands } from "../../persistence/sqlite-engine-commands.js";
import { SqliteKillSwitchStore } from "../../persistence/sqlite-kill-switch-store.js";
import { SqliteProcessRegistry } from "../../persistence/sqlite-process-registry.js";
import type { Env } from "../../risk/kill-switch/kill-switch-env.js";
import type { KillSwitchStore } from "../../risk/kill-switch/kill-switch-store.js";
import type { ProcessRegistry } from "../../risk/kill-switch/process-registry.js";

/** What the nodes of one database share: the kill switch and the list of processes that honour it. */
export interface SharedStores {
  /** "postgres" when HYDRA_DB_URL names a PostgreSQL database, else "sqlite" (the default) */
  backend: "sqlite" | "postgres";
  /** where they live, for messages (a PostgreSQL address without its password) */
  where: string;
  killSwitch: KillSwitchStore;
  registry: ProcessRegistry;
  close(): void;
}

/**
 * This node's id on a shared database: HYDRA_NODE_ID, else host:SQLite file. It must stay the same
 * across restarts of a node (its rows are written under it) and differ between nodes.
 */
export function nodeIdentity(env: Env, dbPath: string): NodeIdentity {
  const host = hostname();
  const id = env.HYDRA_NODE_ID;
  return { host, nodeId: id === undefined || id === "" ? `${host}:${path.resolve(dbPath)}` : id };
}

/**
 * The shared stores, chosen by HYDRA_DB_URL: a postgres:// address puts them in PostgreSQL (migrated
 * at open), shared by the nodes of every host; unset, they live in the SQLite file `dbPath`.
 */
export function openSharedStores(dbPath: string, env: Env, nowWallMs: number): SharedStores {
  const url = postgresUrlFromEnv(env);
  if (url === undefined) {
    const killSwitch = SqliteKillSwitchStore.open(dbPath);
    const registry = SqliteProcessRegistry.open(dbPath);
    return {
      backend: "sqlite",
      where: dbPath,
      killSwitch,
      registry,
      close: () => {
        registry.close();
        killSwitch.close();
      },
    };
  }
  const client = openPostgres(url, nowWallMs);
  return {
    backend: "postgres",
    where: redactDbUrl(url),
    killSwitch: new PostgresKillSwitchStore(client),
    registry: new PostgresProcessRegistry(client, nodeIdentity(env, dbPath)),
    close: () => client.close(),
  };
}

/**
 * This node's engine commands (`hydra engine pause|resume`): in PostgreSQL under the node's id when
 * HYDRA_DB_URL names it (any host's CLI asks it there), else in the SQLite file `dbPath`.
 */
export function openEngineCommands(dbPath: string, env: Env, nowWallMs: number): EngineCommandStore {
  const url = postgresUrlFromEnv(env);
  return url === undefined
    ? SqliteEngineCommands.open(dbPath)
    : PostgresEngineCommands.open(url, nodeIdentity(env, dbPath).nodeId, nowWallMs);
}
