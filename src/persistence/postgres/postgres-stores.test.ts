import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { isHydraError } from "../../core/errors.js";
import type { ClosedTrade } from "../../model/position.js";
import { killSwitchStoreContract } from "../../risk/kill-switch/kill-switch-store.contract.js";
import type { KillSwitchStore } from "../../risk/kill-switch/kill-switch-store.js";
import { processRegistryContract } from "../../risk/kill-switch/process-registry.contract.js";
import type { ProcessRegistry } from "../../risk/kill-switch/process-registry.js";
import { engineStats, recentTrades } from "../../runtime/hydra-stats.js";
import { engineCommandStoreContract } from "../engine-command-store.contract.js";
import { optimizeStoreContract } from "../optimize-store.contract.js";
import { SqliteAlertOutbox } from "../sqlite-alert-outbox.js";
import { SqliteControlJournal } from "../sqlite-control-journal.js";
import { openSqlite } from "../sqlite-database.js";
import { SqliteHydraJournal } from "../sqlite-hydra-journal.js";
import { PASSWORD_ROLE, PG_SKIP_REASON, testCluster } from "../test-support/pg-test-cluster.js";
import { JournalReplication } from "./journal-replication.js";
import { MIGRATIONS, type Migration, migrate, migrationStatus } from "./migrations.js";
import { pgSqlReader } from "./pg-sql-reader.js";
import { PgSyncClient } from "./pg-sync-client.js";
import { recentNodeAlerts } from "./postgres-alerts.js";
import { openPostgres } from "./postgres-database.js";
import { PostgresEngineCommands } from "./postgres-engine-commands.js";
import { PostgresKillSwitchStore } from "./postgres-kill-switch-store.js";
import { PostgresOptimizeStore } from "./postgres-optimize-store.js";
import { type NodeIdentity, PostgresProcessRegistry } from "./postgres-process-registry.js";

// persistence cannot import risk, so the classes do not say `implements`: check it here.
const fitsStore = (s: PostgresKillSwitchStore): KillSwitchStore => s;
const fitsRegistry = (r: PostgresProcessRegistry): ProcessRegistry => r;
const host = (name: string): NodeIdentity => ({ host: name, nodeId: `${name}-node` });

if (PG_SKIP_REASON !== undefined) {
  console.warn(`skipping the PostgreSQL store tests: ${PG_SKIP_REASON}`);
  describe.skip(`PostgreSQL stores (${PG_SKIP_REASON})`, () => {
    it("needs PostgreSQL", () => {});
  });
} else {
  // the same contract suites as SQLite's, on a real PostgreSQL (a fresh database for each test)
  killSwitchStoreContract("postgres", () => {
    const url = testCluster().newSchema();
    return { connect: () => fitsStore(PostgresKillSwitchStore.open(url, 1)), cleanup: () => {} };
  });
  optimizeStoreContract("postgres", () => {
    const url = testCluster().newSchema();
    return { connect: () => PostgresOptimizeStore.open(url, "node-a", 1), cleanup: () => {} };
  });
  engineCommandStoreContract("postgres", () => {
    const url = testCluster().newSchema();
    return { connect: () => PostgresEngineCommands.open(url, "node-a", 1), cleanup: () => {} };
  });
  processRegistryContract("postgres", () => {
    const url = testCluster().newSchema();
    return {
      connect: () => fitsRegistry(PostgresProcessRegistry.open(url, host("h1"), 1)),
      cleanup: () => {},
    };
  });

  describe("PostgreSQL migrations", () => {
    const next = Math.max(...MIGRATIONS.map((m) => m.version)) + 1;
    const extra: Migration = { version: next, name: "test step", sql: "CREATE TABLE step_two (x INTEGER)" };

    it("applies the pending steps once, in order, and reports each with the time it was applied", () => {
      const c = new PgSyncClient(testCluster().newSchema());
      try {
        expect(migrationStatus(c)).toEqual(
          MIGRATIONS.map(({ version, name }) => ({ version, name, appliedAt: null })),
        );
        expect(migrate(c, 1_000)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(migrate(c, 2_000)).toEqual([]);
        expect(migrate(c, 3_000, [...MIGRATIONS, extra])).toEqual([next]);
        expect(migrationStatus(c, [...MIGRATIONS, extra]).map((s) => s.appliedAt)).toEqual([
          ...MIGRATIONS.map(() => 1_000),
          3_000,
        ]);
        expect(c.query("SELECT count(*)::int AS n FROM step_two").rows).toEqual([{ n: 0 }]);
      } finally {
        c.close();
      }
    });

    it("applies nothing of a batch whose step fails (one transaction), naming the database's error", () => {
      const c = new PgSyncClient(testCluster().newSchema());
      const broken: Migration = { version: next, name: "broken", sql: "CREATE TABLE oops (x NOTATYPE)" };
      try {
        let err: unknown;
        try {
          migrate(c, 1, [...MIGRATIONS, broken]);
        } catch (e) {
          err = e;
        }
        expect(isHydraError(err) && err.code).toBe("STORAGE");
        expect((err as Error).message).toMatch(/notatype/);
        expect(migrationStatus(c).every((s) => s.appliedAt === null)).toBe(true);
      } finally {
        c.close();
      }
    });
  });

  describe("PostgreSQL node registry across hosts", () => {
    it("keeps the same pid of two hosts apart, each row with its host and node id", () => {
      const url = testCluster().newSchema();
      const a = PostgresProcessRegistry.open(url, host("alpha"), 1);
      const b = PostgresProcessRegistry.open(url, host("beta"), 1);
      try {
        const p = { pid: 42, name: "hydra run", startedAt: 10, lastPollAt: 10, halted: false };
        a.register(p);
        b.register({ ...p, startedAt: 20, lastPollAt: 20 });
        a.heartbeat(42, 30, true);
        b.unregister(42);
        expect(a.list()).toEqual([{ ...p, lastPollAt: 30, halted: true, host: "alpha", node: "alpha-node" }]);
      } finally {
        a.close();
        b.close();
      }
    });
  });

  describe("HYDRA journal copied from a node's SQLite file to PostgreSQL", () => {
    const trade = (i: number, pnl: number): ClosedTrade => ({
      positionId: `P${i}`,
      source: "offline-momentum",
      symbol: "BTC-USD",
      side: i % 2 === 0 ? "buy" : "sell",
      volume: 0.01,
      openTime: 1_700_000_000_000 + i * 60_000,
      openPrice: 100 + i,
      closeTime: 1_700_000_030_000 + i * 60_000,
      closePrice: 100 + i + pnl,
      grossPnl: pnl,
      commission: 0.05,
      netPnl: pnl - 0.05,
      exitReason: "signal",
    });
    const score = (engineId: string, totalPoints: number) => ({
      engineId,
      label: engineId,
      rank: 1,
      weight: 0.5,
      totalPoints,
      realizedPnl: totalPoints,
      trades: 3,
      wins: 2,
      sharpe: null,
      maxDrawdownPct: 1.5,
      llmCostUsd: 0,
      netOfCost: totalPoints,
    });

    it("copies each new row once under the node's id, so the operator queries answer alike on both", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "hydra-copy-"));
      const file = path.join(dir, "hydra.db");
      const journal = SqliteHydraJournal.open(file, new TestClock(1_700_000_100_000));
      const pg = openPostgres(testCluster().newSchema(), 1);
      try {
        journal.setRun(1);
        for (let i = 0; i < 3; i++) journal.recordTrade("offline-momentum", trade(i, i - 1), 10_000);
        journal.saveScores(1_700_000_090_000, [score("offline-momentum", 2)]);
        const outbox = SqliteAlertOutbox.open(file);
        outbox.add(
          {
            key: "k1",
            event: "node-started",
            severity: "info",
            node: "hydra",
            wallMs: 5,
            marketMs: null,
            facts: { a: 1 },
          },
          [],
          5,
        );
        outbox.close();
        const node = new JournalReplication(journal.db, pg, "node-a");
        expect(node.sync()).toMatchObject({
          hydra_trades: 3,
          tournament_scores: 1,
          tournament_history: 1,
          alerts: 1,
        });
        expect(pg.query("SELECT node_id, key, facts FROM alerts").rows).toEqual([
          { node_id: "node-a", key: "k1", facts: '{"a":1}' },
        ]);
        expect(node.sync()).toMatchObject({ hydra_trades: 0, tournament_history: 0 });
        journal.recordTrade("offline-reversion", trade(3, 4), 10_000);
        journal.saveScores(1_700_000_190_000, [score("offline-momentum", 7)]);
        // a new replication (a restarted node) starts from what PostgreSQL holds for it
        expect(new JournalReplication(journal.db, pg, "node-a").sync()).toMatchObject({
          hydra_trades: 1,
          tournament_history: 1,
        });
        const sqlite = journal.db;
        const postgres = pgSqlReader(pg);
        expect(engineStats(postgres)).toEqual(engineStats(sqlite));
        expect(engineStats(postgres).map((e) => e.engine)).toEqual(["offline-reversion", "offline-momentum"]);
        expect(recentTrades(postgres, 10)).toEqual(recentTrades(sqlite, 10));
        expect(pg.query("SELECT node_id, engine, total_points FROM tournament_scores").rows).toEqual([
          { node_id: "node-a", engine: "offline-momentum", total_points: 7 },
        ]);
        // another node's rows sit beside these (same local ids, another node id)
        expect(new JournalReplication(journal.db, pg, "node-b").sync()).toMatchObject({ hydra_trades: 4 });
        expect(
          pg.query("SELECT node_id, COUNT(*)::int AS n FROM hydra_trades GROUP BY node_id ORDER BY node_id")
            .rows,
        ).toEqual([
          { node_id: "node-a", n: 4 },
          { node_id: "node-b", n: 4 },
        ]);
      } finally {
        pg.close();
        journal.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("PostgreSQL engine commands and control journal", () => {
    it("keeps each node's engine commands apart: a node sees only those asked of it", () => {
      const url = testCluster().newSchema();
      const a = PostgresEngineCommands.open(url, "node-a", 1);
      const b = PostgresEngineCommands.open(url, "node-b", 1);
      try {
        const forA = a.request("deepseek", "pause", "alice", 1_000);
        b.request("deepseek", "resume", "bob", 2_000);
        expect(a.pending().map((c) => [c.id, c.action])).toEqual([[forA, "pause"]]);
        expect(b.pending().map((c) => c.action)).toEqual(["resume"]);
        // applying another node's command id changes nothing of it
        b.applied(forA, 3_000, "paused");
        expect(a.pending().map((c) => c.id)).toEqual([forA]);
      } finally {
        a.close();
        b.close();
      }
    });

    it("copies a node's control journal under its id", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "hydra-copy-control-"));
      const file = path.join(dir, "hydra.db");
      const journal = SqliteControlJournal.open(file);
      const sqlite = openSqlite(file);
      const pg = openPostgres(testCluster().newSchema(), 1);
      try {
        journal.record(1_700_000_000_000, "hydra", "api:alice", "kill-switch on (news)");
        const node = new JournalReplication(sqlite, pg, "node-a");
        expect(node.sync()).toMatchObject({ control_actions: 1 });
        journal.record(1_700_000_001_000, "ftmo", "telegram:42", "pause");
        expect(node.sync()).toMatchObject({ control_actions: 1 });
        expect(
          pg.query("SELECT node_id, id, at_wall, node, who, action FROM control_actions ORDER BY id").rows,
        ).toEqual([
          {
            node_id: "node-a",
            id: 1,
            at_wall: "2023-11-14T22:13:20.000Z",
            node: "hydra",
            who: "api:alice",
            action: "kill-switch on (news)",
          },
          {
            node_id: "node-a",
            id: 2,
            at_wall: "2023-11-14T22:13:21.000Z",
            node: "ftmo",
            who: "telegram:42",
            action: "pause",
          },
        ]);
      } finally {
        pg.close();
        sqlite.close();
        journal.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("PostgreSQL copy of the alerts", () => {
    it("copies each alert's deliveries and their later state (pending, failed, sent); hydra alerts reads them as the outbox does", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "hydra-copy-alerts-"));
      const file = path.join(dir, "hydra.db");
      const outbox = SqliteAlertOutbox.open(file);
      const sqlite = openSqlite(file);
      const pg = openPostgres(testCluster().newSchema(), 1);
      const alert = (key: string, wallMs: number) => ({
        key,
        event: "kill-switch",
        severity: "critical" as const,
        node: "hydra",
        wallMs,
        marketMs: null,
        facts: { reason: key },
      });
      try {
        const first = outbox.add(alert("a1", 1_000), ["telegram", "email"], 1_000)!;
        outbox.add(alert("a2", 2_000), [], 2_000);
        const node = new JournalReplication(sqlite, pg, "node-a");
        expect(node.sync()).toMatchObject({ alerts: 2, alert_deliveries: 2 });
        const states = () =>
          pg.query("SELECT channel, state, attempts FROM alert_deliveries ORDER BY channel").rows;
        expect(states()).toEqual([
          { channel: "email", state: "pending", attempts: 0 },
          { channel: "telegram", state: "pending", attempts: 0 },
        ]);
        outbox.failed([first], "telegram", 5_000, "502 Bad Gateway");
        outbox.sent([first], "email", 3_000);
        node.sync();
        expect(states()).toEqual([
          { channel: "email", state: "sent", attempts: 0 },
          { channel: "telegram", state: "pending", attempts: 1 },
        ]);
        outbox.sent([first], "telegram", 6_000);
        // a restarted node's copy finds what PostgreSQL still holds as pending (the alert's two channels)
        expect(new JournalReplication(sqlite, pg, "node-a").sync()).toMatchObject({
          alerts: 0,
          alert_deliveries: 2,
        });
        expect(states().map((r) => r.state)).toEqual(["sent", "sent"]);
        // nothing pending and nothing new: nothing copied
        expect(node.sync()).toMatchObject({ alerts: 0, alert_deliveries: 0 });
        // an alert sent and pruned from the outbox (HYDRA_ALERTS_KEEP) between two copies: sent in the copy too
        const third = outbox.add(alert("a3", 3_000), ["telegram"], 3_000)!;
        node.sync();
        outbox.sent([third], "telegram", 7_000);
        sqlite.prepare("DELETE FROM alert_deliveries WHERE alert_id = ?").run(third);
        sqlite.prepare("DELETE FROM alerts WHERE id = ?").run(third);
        node.sync();
        expect(pg.query("SELECT state FROM alert_deliveries WHERE alert_id = $1", [third]).rows).toEqual([
          { state: "sent" },
        ]);
        new JournalReplication(sqlite, pg, "node-b").sync();
        // the newest first by wall time, oldest of them first; each node's as its outbox lists them
        // (the copy keeps what the outbox pruned: a3 is node-a's only)
        const listed = recentNodeAlerts(pg, 3);
        expect(listed.map((a) => `${a.nodeId} ${a.key}`)).toEqual(["node-a a2", "node-b a2", "node-a a3"]);
        const nodeA = recentNodeAlerts(pg, 10).filter((a) => a.nodeId === "node-a" && a.key !== "a3");
        expect(nodeA.map(({ nodeId: _, ...a }) => a)).toEqual(outbox.recent(2));
        expect(nodeA[0]!.deliveries.map((d) => d.state)).toEqual(["sent", "sent"]);
      } finally {
        pg.close();
        sqlite.close();
        outbox.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("PostgreSQL connection", () => {
    it("rolls a transaction back when it throws; fails a statement as STORAGE while the database refuses, and reconnects once it accepts", async () => {
      const cluster = testCluster();
      const url = cluster.newDatabase();
      const db = new URL(url).pathname.slice(1);
      const c = new PgSyncClient(url);
      try {
        c.query("CREATE TABLE t (x INTEGER)");
        expect(() =>
          c.transaction(() => {
            c.query("INSERT INTO t VALUES (1)");
            throw new Error("changed my mind");
          }),
        ).toThrow("changed my mind");
        expect(c.transaction(() => c.query("INSERT INTO t VALUES (2) RETURNING x").rows)).toEqual([{ x: 2 }]);
        cluster.refuse(db);
        // each statement fails at once while the database refuses (it reconnects in the background)
        for (let i = 0; i < 3; i++) expect(() => c.query("SELECT 1")).toThrow(/PostgreSQL \(.*\): /);
        // and, once its attempt in the background has failed, says why
        let said = "";
        for (let i = 0; i < 50 && !said.includes("last attempt"); i++) {
          await new Promise((r) => setTimeout(r, 100));
          try {
            c.query("SELECT 1");
          } catch (e) {
            said = (e as Error).message;
          }
        }
        expect(said).toMatch(
          /the connection was lost; reconnecting \(last attempt: .*not currently accepting connections\)/,
        );
        cluster.accept(db);
        let rows: unknown[] | undefined;
        for (let i = 0; i < 50 && rows === undefined; i++) {
          try {
            rows = c.query("SELECT x FROM t").rows;
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        expect(rows).toEqual([{ x: 2 }]);
        // the round trip a synchronous statement blocks the event loop for (logged, not asserted)
        const reads = 200;
        const t0 = performance.now();
        for (let i = 0; i < reads; i++) c.query("SELECT x FROM t");
        console.log(
          `PostgreSQL on a unix socket: ${((performance.now() - t0) / reads).toFixed(3)} ms a read`,
        );
      } finally {
        c.close();
      }
    });

    it("logs in with PGPASSWORD, keeps the address free of it, and says why a login fails without naming it", () => {
      const cluster = testCluster();
      const password = `p${Math.random().toString(36).slice(2)}${Date.now()}`;
      cluster.admin(`CREATE ROLE ${PASSWORD_ROLE} LOGIN PASSWORD '${password}'`);
      const url = cluster.url("postgres", PASSWORD_ROLE);
      const saved = process.env.PGPASSWORD;
      try {
        process.env.PGPASSWORD = "wrong";
        let err: unknown;
        try {
          new PgSyncClient(url).close();
        } catch (e) {
          err = e;
        }
        expect(err).toMatchObject({ code: "STORAGE", details: { sqlState: "28P01" } });
        expect((err as Error).message).toMatch(/password authentication failed for user "hydra_pw"/);
        process.env.PGPASSWORD = password;
        const c = new PgSyncClient(url);
        expect(c.query("SELECT current_user AS u").rows).toEqual([{ u: PASSWORD_ROLE }]);
        c.close();
        expect((err as Error).message).not.toContain(password);
      } finally {
        if (saved === undefined) delete process.env.PGPASSWORD;
        else process.env.PGPASSWORD = saved;
      }
    });
  });
}
