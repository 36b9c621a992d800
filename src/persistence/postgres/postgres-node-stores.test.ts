import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../alerts/alert.js";
import type { AlertOutbox } from "../../alerts/outbox.js";
import { captureIo } from "../../cli/io.js";
import { runCli } from "../../cli/main.js";
import { alertOutboxContract } from "../alert-outbox.contract.js";
import { type ControlActionRow, controlJournalContract } from "../control-journal.contract.js";
import { nodeLivesContract } from "../node-lives.contract.js";
import { type NodeRunRow, runRegistryContract } from "../run-registry.contract.js";
import { SqliteAlertOutbox } from "../sqlite-alert-outbox.js";
import { SqliteControlJournal } from "../sqlite-control-journal.js";
import { openSqlite } from "../sqlite-database.js";
import { PG_SKIP_REASON, testCluster } from "../test-support/pg-test-cluster.js";
import { JournalReplication } from "./journal-replication.js";
import { MIGRATIONS, migrate } from "./migrations.js";
import { PgSyncClient } from "./pg-sync-client.js";
import { PostgresAlertOutbox } from "./postgres-alert-outbox.js";
import { PostgresControlJournal } from "./postgres-control-journal.js";
import { openPostgres } from "./postgres-database.js";
import { PostgresNodeLives } from "./postgres-node-lives.js";
import { PostgresRunRegistry } from "./postgres-run-registry.js";

/** A fresh migrated database (a schema of the test cluster) and its connection, closed at cleanup. */
function database(): { client: PgSyncClient; cleanup: () => void } {
  const client = openPostgres(testCluster().newSchema(), 1);
  return { client, cleanup: () => client.close() };
}

/** The mean time of `n` calls of `f`, in ms (logged, never asserted). */
function meanMs(n: number, f: (i: number) => void): string {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  return ((performance.now() - t0) / n).toFixed(3);
}

const alert = (key: string, wallMs: number, over: Partial<Alert> = {}): Alert => ({
  key,
  event: "kill-switch-on",
  severity: "critical",
  node: "ftmo",
  wallMs,
  marketMs: null,
  facts: { reason: key },
  ...over,
});

if (PG_SKIP_REASON !== undefined) {
  console.warn(`skipping the PostgreSQL node store tests: ${PG_SKIP_REASON}`);
  describe.skip(`PostgreSQL node stores (${PG_SKIP_REASON})`, () => {
    it("needs PostgreSQL", () => {});
  });
} else {
  // the same contract suites as SQLite's (sqlite-alert-outbox.test.ts, sqlite-node-stores.test.ts), every
  // node id on one database
  alertOutboxContract("postgres", () => {
    const db = database();
    return {
      connect: (nodeId) => new PostgresAlertOutbox(db.client, nodeId),
      withKeep: (nodeId, keep) => new PostgresAlertOutbox(db.client, nodeId, keep),
      cleanup: db.cleanup,
    };
  });
  controlJournalContract("postgres", () => {
    const db = database();
    return {
      connect: (nodeId) => new PostgresControlJournal(db.client, nodeId),
      rows: (nodeId) =>
        db.client.query<ControlActionRow>(
          "SELECT id, at_wall, node, who, action FROM control_actions WHERE node_id = $1 ORDER BY id",
          [nodeId],
        ).rows,
      cleanup: db.cleanup,
    };
  });
  nodeLivesContract("postgres", () => {
    const db = database();
    return { connect: (nodeId) => new PostgresNodeLives(db.client, nodeId), cleanup: db.cleanup };
  });
  runRegistryContract("postgres", () => {
    const db = database();
    return {
      connect: (nodeId) => new PostgresRunRegistry(db.client, nodeId),
      rows: (nodeId) =>
        db.client.query<NodeRunRow>(
          "SELECT id, command, mode, started_at_wall FROM node_runs WHERE node_id = $1 ORDER BY id",
          [nodeId],
        ).rows,
      cleanup: db.cleanup,
    };
  });

  describe("PostgreSQL alert outbox, as hydra alerts lists it", () => {
    it("lists the native outbox's alerts (HYDRA_DB_URL) as hydra alerts --db lists the SQLite outbox's for the same adds and sends", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "hydra-pg-alerts-"));
      const file = path.join(dir, "hydra.db");
      const db = database();
      const sqlite = SqliteAlertOutbox.open(file);
      const native = new PostgresAlertOutbox(db.client, "node-a");
      const other = new PostgresAlertOutbox(db.client, "node-b");
      const saved = { url: process.env.HYDRA_DB_URL, db: process.env.HYDRA_DB };
      try {
        const both = (f: (o: AlertOutbox) => void): void => {
          f(sqlite);
          f(native);
        };
        both((o) => {
          const a = o.add(
            alert("ks:1", 1_772_445_600_000, { marketMs: 1_709_643_600_000 }),
            ["telegram", "email"],
            0,
          )!;
          o.add(alert("ks:1", 1_772_445_601_000), ["telegram"], 0);
          o.add(
            alert("ds:1", 1_772_445_602_000, {
              severity: "info",
              event: "daily-summary",
              facts: { pnl: 12.5 },
            }),
            [],
            0,
          );
          const c = o.add(
            alert("br:1", 1_772_445_603_000, { severity: "warning", event: "bridge-down" }),
            ["telegram"],
            0,
          )!;
          o.failed([a, c], "telegram", 1_772_445_605_000, "telegram: sendMessage: HTTP 502");
          o.sent([a], "email", 1_772_445_604_000);
          o.sent([a], "telegram", 1_772_445_606_000);
          o.addChannel(c, "email", 1_772_445_607_000);
        });
        // another node's alert on the shared database, older: listed too, under its id
        other.add(alert("ks:1", 1_772_445_500_000, { node: "hydra" }), [], 0);
        const list = async (argv: string[], env: { url?: string; db?: string }): Promise<string> => {
          const io = captureIo();
          process.env.HYDRA_DB_URL = env.url ?? "";
          delete process.env.HYDRA_DB;
          const code = await runCli(argv, io);
          expect(io.stderr).toBe("");
          expect(code).toBe(0);
          return io.stdout;
        };
        const fromFile = await list(["alerts", "--db", file], {});
        const fromPg = await list(["alerts"], { url: db.client.url });
        expect(fromFile.split("\n")).toHaveLength(4);
        expect(fromPg).toBe(
          `node-b #1 2026-03-02T09:58:20Z (wall) critical kill-switch-on [hydra] reason=ks:1 → recorded only (no channel)\n${fromFile
            .split("\n")
            .filter((l) => l !== "")
            .map((l) => `node-a ${l}\n`)
            .join("")}`,
        );
        const json = JSON.parse(await list(["alerts", "--json"], { url: db.client.url })) as Array<{
          nodeId: string;
        }>;
        expect(json.filter((a) => a.nodeId === "node-a").map(({ nodeId: _, ...a }) => a)).toEqual(
          JSON.parse(await list(["alerts", "--json", "--db", file], {})),
        );
      } finally {
        for (const [k, v] of [
          ["HYDRA_DB_URL", saved.url],
          ["HYDRA_DB", saved.db],
        ] as const)
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        sqlite.close();
        native.close();
        other.close();
        db.cleanup();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("takes over a database the SQLite copy filled: the schema steps on, the native stores carry on from the copied rows", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "hydra-pg-takeover-"));
      const file = path.join(dir, "hydra.db");
      const pg = new PgSyncClient(testCluster().newSchema());
      const outbox = SqliteAlertOutbox.open(file, 1);
      const journal = SqliteControlJournal.open(file);
      const sqlite = openSqlite(file);
      try {
        migrate(
          pg,
          1,
          MIGRATIONS.filter((m) => m.version <= 7),
        );
        const copy = new JournalReplication(sqlite, pg, "node-a");
        // the outbox keeps one alert: k1 is deleted, then raised again under a new id; the copy keeps all three
        for (const key of ["k1", "k2", "k1"]) {
          outbox.add(alert(key, 1_000), [], 1_000);
          copy.sync();
        }
        journal.record(1_000, "ftmo", "api:ops", "pause");
        copy.sync();
        expect(pg.query("SELECT id, key FROM alerts ORDER BY id").rows).toEqual([
          { id: 1, key: "k1" },
          { id: 2, key: "k2" },
          { id: 3, key: "k1" },
        ]);
        expect(migrate(pg, 2)).toContain(9);
        const native = new PostgresAlertOutbox(pg, "node-a", 3);
        expect(native.add(alert("k1", 2_000), [], 2_000)).toBeUndefined();
        // ids on from the copy's; the retention deletes 1 and 2, and k1 (3) is still there
        expect(native.add(alert("k4", 2_000), ["telegram"], 2_000)).toBe(5);
        expect(native.add(alert("k1", 2_000), [], 2_000)).toBeUndefined();
        expect(native.recent(10).map((a) => `${a.id}:${a.key}`)).toEqual(["3:k1", "5:k4"]);
        const control = new PostgresControlJournal(pg, "node-a");
        control.record(2_000, "ftmo", "api:ops", "resume");
        expect(pg.query("SELECT id, action FROM control_actions ORDER BY id").rows).toEqual([
          { id: 1, action: "pause" },
          { id: 2, action: "resume" },
        ]);
      } finally {
        pg.close();
        sqlite.close();
        journal.close();
        outbox.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("adds, reads and records on a unix socket: the round trips logged", () => {
      const db = database();
      try {
        const outbox = new PostgresAlertOutbox(db.client, "node-a", 50);
        const journal = new PostgresControlJournal(db.client, "node-a");
        const n = 200;
        const add = meanMs(n, (i) => outbox.add(alert(`k${i}`, i), ["telegram"], i));
        const due = meanMs(n, () => outbox.due("telegram", n, 10));
        const sent = meanMs(n, (i) => outbox.sent([i + 1], "telegram", n + i));
        const record = meanMs(n, (i) => journal.record(i, "ftmo", "api:ops", "pause"));
        console.log(
          `PostgreSQL node stores on a unix socket, ms each: alert add (a transaction with retention) ${add}, due (a read) ${due}, sent (one write) ${sent}, control record (one write) ${record}`,
        );
        // all sent: the next add keeps the newest 50 (ids 152 to 201)
        outbox.add(alert("last", n, { severity: "info" }), [], n);
        expect(outbox.counts()).toEqual([
          { severity: "critical", state: "sent", count: 49 },
          { severity: "info", state: "recorded", count: 1 },
        ]);
        expect(db.client.query("SELECT COUNT(*)::int AS n FROM control_actions").rows).toEqual([{ n }]);
      } finally {
        db.cleanup();
      }
    });
  });
}
