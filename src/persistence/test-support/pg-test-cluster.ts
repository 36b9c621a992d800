import { spawn, spawnSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PgSyncClient } from "../postgres/pg-sync-client.js";

/**
 * A PostgreSQL cluster of the test process: initdb into a temporary folder, started by pg_ctl with its
 * unix socket in that folder and no TCP listener, trust authentication for the role `hydra` (no
 * password anywhere). Root cannot run initdb, so as root the cluster runs as `nobody`. One cluster per
 * test process (started on first use, stopped when the process exits); each caller takes a fresh
 * database from it.
 */
export interface TestCluster {
  /** the address of database `db` as `role` (no password in it) */
  url(db: string, role?: string): string;
  /** a new empty database's address */
  newDatabase(): string;
  /** a new empty schema's address (a database's address whose search_path is it): cheaper than a database */
  newSchema(): string;
  /** runs a statement as the cluster's superuser, connected to the database `postgres` */
  admin(sql: string, params?: unknown[]): Array<Record<string, unknown>>;
  /** database `db` refuses new connections and drops its open ones (an outage, until `accept`) */
  refuse(db: string): void;
  /** database `db` accepts connections again */
  accept(db: string): void;
  /** drops database `db`'s open connections (a restart of the server as its clients see it) */
  dropConnections(db: string): void;
}

const BIN_ROOT = "/usr/lib/postgresql";
/** the role that logs in with a password (created by the test that sets it); the others are trusted */
export const PASSWORD_ROLE = "hydra_pw";

/** The folder holding initdb and pg_ctl (the newest Debian version), or undefined when not installed. */
function binDir(): string | undefined {
  if (!existsSync(BIN_ROOT)) return undefined;
  const versions = readdirSync(BIN_ROOT)
    .filter((v) => existsSync(path.join(BIN_ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(BIN_ROOT, versions[0], "bin");
}

const BIN = binDir();

/** Why PostgreSQL tests skip on this machine; undefined when they run. */
export const PG_SKIP_REASON: string | undefined =
  BIN === undefined
    ? `PostgreSQL is not installed (no initdb under ${BIN_ROOT}/*/bin): run scripts/setup.sh`
    : undefined;

const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function run(bin: string, args: string[], what: string): void {
  const cmd = asRoot ? "runuser" : path.join(BIN as string, bin);
  const argv = asRoot ? ["-u", "nobody", "--", path.join(BIN as string, bin), ...args] : args;
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0)
    throw new Error(`test cluster: ${what} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
}

let shared: TestCluster | undefined;

export function testCluster(): TestCluster {
  if (PG_SKIP_REASON !== undefined) throw new Error(PG_SKIP_REASON);
  shared ??= start();
  return shared;
}

function start(): TestCluster {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-pg-"));
  const data = path.join(dir, "data");
  const socket = path.join(dir, "sock");
  mkdirSync(socket);
  if (asRoot) for (const d of [dir, socket]) chownSync(d, NOBODY, NOBODY);
  const log = path.join(dir, "server.log");
  const pgCtl = asRoot
    ? `runuser -u nobody -- ${path.join(BIN as string, "pg_ctl")}`
    : path.join(BIN as string, "pg_ctl");
  const stopCmd = `${pgCtl} stop -D '${data}' -m immediate -s; rm -rf '${dir}'`;
  const stop = (): void => {
    spawnSync("sh", ["-c", stopCmd]);
  };
  process.once("exit", stop);
  // vitest may end its worker without an exit event: a watchdog stops the cluster when this process is gone
  spawn("sh", ["-c", `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCmd}`], {
    detached: true,
    stdio: "ignore",
  }).unref();
  try {
    run("initdb", ["-D", data, "-U", "hydra", "-A", "trust", "-E", "UTF8", "--no-sync"], "initdb");
    // one role that must give a password (the tests of PGPASSWORD); every other role is trusted
    const hba = path.join(data, "pg_hba.conf");
    writeFileSync(hba, `local all ${PASSWORD_ROLE} scram-sha-256\n${readFileSync(hba, "utf8")}`);
    const options = `-k ${socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run("pg_ctl", ["start", "-w", "-s", "-D", data, "-l", log, "-o", options], "pg_ctl start");
  } catch (e) {
    const tail = existsSync(log) ? `\n${readFileSync(log, "utf8").slice(-2000)}` : "";
    stop();
    throw new Error(`${(e as Error).message}${tail}`);
  }
  const url = (db: string, role = "hydra"): string =>
    `postgresql://${role}@localhost/${db}?host=${encodeURIComponent(socket)}`;
  const admin = new PgSyncClient(url("postgres"));
  const dropConnections = (db: string): void => {
    admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [db]);
  };
  let n = 0;
  return {
    url,
    newDatabase: () => {
      n += 1;
      const name = `t${process.pid}_${n}`;
      admin.query(`CREATE DATABASE ${name} STRATEGY FILE_COPY`);
      return url(name);
    },
    newSchema: () => {
      n += 1;
      const name = `s${n}`;
      admin.query(`CREATE SCHEMA ${name}`);
      return `${url("postgres")}&options=${encodeURIComponent(`-c search_path=${name}`)}`;
    },
    admin: (sql, params = []) => admin.query(sql, params).rows,
    refuse: (db) => {
      admin.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS false`);
      dropConnections(db);
    },
    accept: (db) => {
      admin.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS true`);
    },
    dropConnections,
  };
}
