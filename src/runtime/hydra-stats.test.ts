import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo } from "../cli/io.js";
import { runCli } from "../cli/main.js";
import { TestClock } from "../core/clock.js";
import { offlineEngines } from "../hydra/offline/index.js";
import type { TournamentRow } from "../hydra/tournament/table.js";
import { openSqlite } from "../persistence/sqlite-database.js";
import { SqliteHydraJournal } from "../persistence/sqlite-hydra-journal.js";
import { SqliteHydraState } from "../persistence/sqlite-hydra-state.js";
import { runHydra } from "./hydra-run.js";
import { formatTable, leaderboardTable } from "./hydra-stats.js";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

async function writtenByHydraRun(): Promise<string> {
  const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-stats-")), "hydra.db");
  const journal = SqliteHydraJournal.open(db);
  const store = SqliteHydraState.open(db);
  const wall = new TestClock(Date.UTC(2024, 0, 10));
  await runHydra({
    engines: offlineEngines(),
    assets: ["BTC-USD", "ETH-USD", "SOL-USD"],
    mode: "independent",
    cycleMs: 5 * 60_000,
    cash: 25_000,
    seed: 3,
    speed: 600,
    durationMs: (24 * 3_600_000) / 600,
    timeoutMs: 1000,
    journal,
    store,
    wallClock: wall,
    sleep: async (ms) => wall.advance(ms),
    log: () => {},
  });
  journal.close();
  store.close();
  return db;
}

describe("the operators' queries (SPEC §5), verbatim, on a database written by hydra run", () => {
  it("engine performance, recent trades with readable times, and the current standing one row per engine", async () => {
    const file = await writtenByHydraRun();
    const db = openSqlite(file);
    try {
      const perf = db
        .prepare(
          "SELECT engine, COUNT(*), SUM(CASE WHEN outcome='win' THEN 1 ELSE 0 END), ROUND(AVG(pnl_percent),2) FROM hydra_trades WHERE status='CLOSED' GROUP BY engine",
        )
        .raw()
        .all() as Array<[string, number, number, number]>;
      const all = db.prepare("SELECT COUNT(*) AS n FROM hydra_trades").get() as { n: number };
      expect(all.n).toBeGreaterThan(0);
      // every closed trade is counted ('CLOSED' as the query says), wins never exceed trades
      expect(perf.reduce((x, r) => x + r[1], 0)).toBe(all.n);
      for (const [, n, wins, avg] of perf) {
        expect(wins).toBeLessThanOrEqual(n);
        expect(Number.isFinite(avg)).toBe(true);
      }
      const recent = db
        .prepare(
          "SELECT timestamp, engine, asset, direction, status, pnl_percent FROM hydra_trades ORDER BY timestamp DESC LIMIT 20",
        )
        .all() as Array<{ timestamp: string; status: string }>;
      expect(recent.length).toBe(Math.min(20, all.n));
      for (const r of recent) {
        expect(r.timestamp).toMatch(ISO);
        expect(r.status).toBe("CLOSED");
      }
      // newest first
      // (rows closed at the same instant by several engines may come in any order among themselves)
      for (let i = 1; i < recent.length; i++)
        expect(recent[i - 1]!.timestamp >= recent[i]!.timestamp).toBe(true);
      const board = db.prepare("SELECT * FROM tournament_scores ORDER BY total_points DESC").all() as Array<{
        engine: string;
        rank: number;
        total_points: number;
      }>;
      expect(board.map((b) => b.engine).sort()).toEqual(
        offlineEngines()
          .map((e) => e.id)
          .sort(),
      );
      expect(board.map((b) => b.total_points)).toEqual(
        [...board.map((b) => b.total_points)].sort((a, b) => b - a),
      );
      // the history keeps every cycle's standing
      const history = db.prepare("SELECT COUNT(DISTINCT timestamp) AS n FROM tournament_history").get() as {
        n: number;
      };
      expect(history.n).toBeGreaterThan(100);
    } finally {
      db.close();
    }
  });

  it("hydra stats prints ISO times in aligned columns", async () => {
    const file = await writtenByHydraRun();
    const io = captureIo();
    expect(await runCli(["stats", "trades", "--db", file, "--limit", "5"], io)).toBe(0);
    const lines = io.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^timestamp {17}engine/);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}offline-/);
    expect(io.stdout).not.toContain("\t");
    // every row starts its second column at the same place
    const at = lines.map((l) => l.indexOf("  ") + 2);
    expect(new Set(at.map((a, i) => lines[i]!.slice(a).search(/\S/) + a)).size).toBe(1);
  });

  it("formats numbers right-aligned, text left-aligned, empty cells as -", () => {
    expect(
      formatTable([
        { a: "x", n: 1.5, s: null },
        { a: "long", n: 10, s: null },
      ]),
    ).toBe("a       n  s\nx     1.5  -\nlong   10  -\n");
  });
});

describe("an old HYDRA journal (epoch-ms times, status 'closed', score history in tournament_scores)", () => {
  it("is migrated when opened: ISO times, 'CLOSED', one standing row per engine, the rest in tournament_history", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "hydra-old-")), "hydra.db");
    const db = openSqlite(file);
    db.exec(`CREATE TABLE hydra_trades (
      id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp INTEGER NOT NULL, engine TEXT NOT NULL, asset TEXT NOT NULL,
      direction TEXT NOT NULL, status TEXT NOT NULL, outcome TEXT NOT NULL, pnl REAL NOT NULL, pnl_percent REAL NOT NULL,
      volume REAL NOT NULL, entry_price REAL NOT NULL, exit_price REAL NOT NULL, open_time INTEGER NOT NULL, exit_reason TEXT NOT NULL);
    CREATE TABLE tournament_scores (
      id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp INTEGER NOT NULL, engine TEXT NOT NULL, label TEXT NOT NULL,
      rank INTEGER NOT NULL, weight REAL NOT NULL, total_points REAL NOT NULL, realized_pnl REAL NOT NULL, trades INTEGER NOT NULL,
      wins INTEGER NOT NULL, sharpe REAL, max_drawdown_pct REAL NOT NULL, llm_cost_usd REAL NOT NULL, net_of_cost REAL NOT NULL);
    INSERT INTO hydra_trades VALUES (1, 1704880800000, 'a', 'BTC-USD', 'long', 'closed', 'win', 12.5, 0.05, 0.1, 100, 101, 1704877200000, 'tp');
    INSERT INTO tournament_scores VALUES (1, 1704880800000, 'a', 'A', 2, 0.3, 30, 0, 0, 0, NULL, 0, 0, 0);
    INSERT INTO tournament_scores VALUES (2, 1704881100000, 'a', 'A', 1, 0.4, 40, 12.5, 1, 1, NULL, 0, 0, 12.5);`);
    db.close();
    const j = SqliteHydraJournal.open(file);
    try {
      expect(j.db.prepare("SELECT timestamp, status, open_time FROM hydra_trades").get()).toEqual({
        timestamp: "2024-01-10T10:00:00.000Z",
        status: "CLOSED",
        open_time: "2024-01-10T09:00:00.000Z",
      });
      expect(j.db.prepare("SELECT engine, total_points, timestamp FROM tournament_scores").all()).toEqual([
        { engine: "a", total_points: 40, timestamp: "2024-01-10T10:05:00.000Z" },
      ]);
      expect((j.db.prepare("SELECT COUNT(*) AS n FROM tournament_history").get() as { n: number }).n).toBe(2);
      expect(j.trades().get("a")![0]).toMatchObject({ netPnl: 12.5, closeTime: 1704880800000 });
    } finally {
      j.close();
    }
  });
});

describe("hydra stats leaderboard: the table hydra run prints, from the database", () => {
  async function run(db: string, days: number, wall: TestClock) {
    const journal = SqliteHydraJournal.open(db, wall);
    const store = SqliteHydraState.open(db);
    try {
      return await runHydra({
        engines: offlineEngines(),
        assets: ["BTC-USD", "ETH-USD"],
        mode: "independent",
        cycleMs: 30 * 60_000,
        cash: 25_000,
        seed: 5,
        speed: 6000,
        durationMs: (days * 86_400_000) / 6000,
        timeoutMs: 1000,
        journal,
        store,
        wallClock: wall,
        sleep: async (ms) => wall.advance(ms),
        log: () => {},
      });
    } finally {
      journal.close();
      store.close();
    }
  }

  it("gives the same asks, returns, buy-and-hold and intervals as the run's table, across a resumed run", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-board-")), "hydra.db");
    const wall = new TestClock(Date.UTC(2024, 0, 10));
    await run(db, 2, wall);
    const r = await run(db, 2, wall);
    expect(r.resumedFrom).not.toBeNull();
    const journal = SqliteHydraJournal.open(db);
    try {
      const t = leaderboardTable(journal);
      const pick = (rows: readonly TournamentRow[]) =>
        rows.map((x) => ({
          id: x.engineId,
          asked: x.asked,
          answered: x.answered,
          failed: x.failed,
          avgLatencyMs: x.avgLatencyMs,
          returnPct: x.returnPct,
          buyHoldPct: x.buyHoldPct,
          vsBuyHold: x.vsBuyHold,
          sharpeDays: x.sharpeDays,
        }));
      expect(pick(t.rows)).toEqual(pick(r.table));
      // an engine still active was asked in every cycle of both runs, once each, and never failed (offline
      // engines); most of its answers held no decision, so its decision records are fewer than its asks
      const records = journal.db
        .prepare(
          "SELECT engine, COUNT(DISTINCT run_id || ':' || cycle) AS n FROM hydra_decisions GROUP BY engine",
        )
        .all() as Array<{ engine: string; n: number }>;
      const active = t.rows.filter((x) => r.active.includes(x.engineId));
      expect(active.length).toBeGreaterThan(0);
      for (const row of active) {
        expect(row.asked).toBe(r.cycles);
        expect(records.find((x) => x.engine === row.engineId)?.n ?? 0).toBeLessThan(r.cycles);
      }
      for (const row of t.rows.filter((x) => x.rank !== null)) {
        expect(row.answered).toBe(row.asked);
        expect(row.failed).toBe(0);
        expect(row.costPerDecisionUsd).toBe(0);
        // four days of market, from the first run's start: 4 or 5 market days (Prague), so 4 or 5 daily returns
        expect(row.sharpeDays).toBeGreaterThanOrEqual(4);
        expect(row.sharpeDays).toBeLessThanOrEqual(5);
      }
      expect(t.statement).toMatch(
        /^Too few days to tell any engine from buy-and-hold or from the others: [45] daily returns, a bootstrap interval needs 10\.$/,
      );
      // with fewer days required, intervals are computed: the same ones whichever side reads them
      const two = leaderboardTable(journal, { minBootstrapDays: 2 });
      expect(two.rows[0]!.vsBuyHold!.interval).not.toBeNull();
      expect(two.statement).toMatch(
        /(No engine's return is distinguishable|Distinguishable from buy-and-hold)/,
      );
    } finally {
      journal.close();
    }
    // the command: the table and the statement; --json keeps each stored standing's columns and adds the
    // table's, the statement on stderr
    const io = captureIo();
    expect(await runCli(["stats", "leaderboard", "--db", db, "--bootstrap-days", "2"], io)).toBe(0);
    const lines = io.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^#\s+engine\s+trades\s+win%\s+asked\s+answered\s+failed\s+avg ms\s+\$\/decision/,
    );
    expect(lines).toHaveLength(1 + r.table.length + 1);
    const reread = SqliteHydraJournal.open(db);
    expect(lines.at(-1)).toBe(leaderboardTable(reread, { minBootstrapDays: 2 }).statement);
    reread.close();
    const json = captureIo();
    expect(await runCli(["stats", "leaderboard", "--db", db, "--json"], json)).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((x) => x.rank)).toEqual(r.scores.map((x) => x.rank));
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining([
        "engine",
        "total_points",
        "net_of_cost",
        "asked",
        "answered",
        "failed",
        "cost_per_decision_usd",
        "return_pct",
        "buy_hold_pct",
        "vs_buy_hold_low_pct",
        "daily_sharpe",
        "sharpe_days",
      ]),
    );
    expect(json.stderr).toMatch(/^Too few days to tell any engine/);
    const bad = captureIo();
    expect(await runCli(["stats", "leaderboard", "--db", db, "--sharpe-days", "1"], bad)).toBe(2);
    expect(bad.stderr).toContain("--sharpe-days must be an integer >= 2");
  });
});
