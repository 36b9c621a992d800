import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { offlineEngines } from "../hydra/offline/index.js";
import { SqliteHydraJournal } from "../persistence/sqlite-hydra-journal.js";
import { SqliteHydraState } from "../persistence/sqlite-hydra-state.js";
import { type HydraRunConfig, runHydra } from "./hydra-run.js";

const HOUR = 3_600_000;

/** One `hydra run` on the database for `marketHours` of market time, on a wall clock the test drives. */
async function runOn(db: string, marketHours: number, extra: Partial<HydraRunConfig> = {}) {
  const journal = SqliteHydraJournal.open(db);
  const store = SqliteHydraState.open(db);
  const wall = new TestClock(Date.UTC(2024, 0, 10));
  const lines: string[] = [];
  try {
    const r = await runHydra({
      engines: offlineEngines(),
      assets: ["BTC-USD", "ETH-USD"],
      mode: "independent",
      cycleMs: 15 * 60_000,
      cash: 25_000,
      seed: 7,
      speed: 600,
      durationMs: (marketHours * HOUR) / 600,
      timeoutMs: 1000,
      journal,
      store,
      wallClock: wall,
      sleep: async (ms) => wall.advance(ms),
      log: (l) => lines.push(l),
      ...extra,
    });
    return { r, lines };
  } finally {
    journal.close();
    store.close();
  }
}

describe("hydra run: state that survives restarts", () => {
  it("a second run continues the first's equity, cycles, lessons and market clock, with its own trade ids", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-resume-")), "hydra.db");
    const first = await runOn(db, 29);
    expect(first.r.resumedFrom).toBeNull();
    expect(first.r.lessons).toBeGreaterThan(0);
    const second = await runOn(db, 6);
    expect(second.r.resumedFrom).toEqual({
      runId: first.r.runId,
      cycles: first.r.cycles,
      equity: first.r.equity,
      openPositions: first.r.openPositions,
      lessons: first.r.lessons,
      marketTime: first.r.marketTime,
      wallTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(
      second.lines.some((l) => l.startsWith(`resumed run ${first.r.runId}: ${first.r.cycles} cycles`)),
    ).toBe(true);
    expect(second.r.runId).toBe(first.r.runId + 1);
    expect(second.r.cycles).toBe(first.r.cycles + second.r.cyclesThisRun);
    expect(second.r.cyclesThisRun).toBeGreaterThan(20);
    // the standings carry the first run's trades on
    const trades1 = first.r.scores.reduce((x, s) => x + s.trades, 0);
    expect(second.r.scores.reduce((x, s) => x + s.trades, 0)).toBeGreaterThanOrEqual(trades1);
    const j = SqliteHydraJournal.open(db);
    try {
      // the market clock goes on: the second run's decisions come after the first's last market time
      const firstOfSecond = j.db
        .prepare("SELECT MIN(market_time) AS t FROM hydra_decisions WHERE run_id = ?")
        .get(second.r.runId) as { t: string };
      expect(firstOfSecond.t > first.r.marketTime).toBe(true);
      const ids = j.db
        .prepare(
          "SELECT COUNT(*) AS n, COUNT(DISTINCT trade_id) AS ids, COUNT(DISTINCT run_id) AS runs FROM hydra_trades",
        )
        .get() as { n: number; ids: number; runs: number };
      expect(ids.ids).toBe(ids.n);
      expect(ids.runs).toBe(2);
      // positions the first run left open were held with their stops and closed in the second
      expect(first.r.openPositions).toBeGreaterThan(0);
      const carried = j.db
        .prepare("SELECT COUNT(*) AS n FROM hydra_trades WHERE run_id = ? AND trade_id LIKE ?")
        .get(second.r.runId, `R${second.r.runId}:%:R${first.r.runId}-%`) as { n: number };
      expect(carried.n).toBeGreaterThan(0);
      const lessons = j.db.prepare("SELECT COUNT(*) AS n FROM hydra_lessons").get() as { n: number };
      expect(lessons.n).toBe(second.r.lessons);
    } finally {
      j.close();
    }
  });

  it("after a crash, trades journalled past the last checkpoint are left out of the resumed state and the journal, and said so", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-resume-")), "hydra.db");
    const first = await runOn(db, 29);
    // what a run killed between a trade and its next checkpoint leaves behind
    const j = SqliteHydraJournal.open(db);
    j.setRun(first.r.runId);
    const late = Date.parse(first.r.marketTime) + 60_000;
    j.recordTrade(
      "offline-momentum",
      {
        positionId: "R1-P999",
        source: "offline-momentum",
        symbol: "BTC-USD",
        side: "buy",
        volume: 0.01,
        openTime: late - 60_000,
        openPrice: 100,
        closeTime: late,
        closePrice: 101,
        grossPnl: 0.01,
        commission: 0,
        netPnl: 0.01,
        exitReason: "tp",
      },
      25_000,
    );
    j.close();
    const second = await runOn(db, 1);
    expect(second.lines).toContain(
      `1 trade(s) journalled after run 1's last checkpoint (market time ${first.r.marketTime}) are not part of the resumed state: removed from the journal, the market after it is traded again`,
    );
    expect(second.r.resumedFrom!.equity).toEqual(first.r.equity);
    // the resumed run trades that market again: the killed run's trade would count twice
    const after = SqliteHydraJournal.open(db);
    const ghost = after.db
      .prepare("SELECT COUNT(*) AS n FROM hydra_trades WHERE trade_id LIKE ?")
      .get("%R1-P999%");
    after.close();
    expect(ghost).toEqual({ n: 0 });
  });

  it("refuses to resume a database written with another seed, saying which flag differs", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-resume-")), "hydra.db");
    await runOn(db, 2);
    await expect(runOn(db, 2, { seed: 8 })).rejects.toThrow(
      /the database holds a HYDRA run with --seed 7; this run asks for 8/,
    );
  });
});

describe("hydra run: checkpoints", () => {
  it("saves the state at least every 60 s of wall time, even between cycles", async () => {
    const saves: number[] = [];
    const wall = new TestClock(Date.UTC(2024, 0, 10));
    await runHydra({
      engines: offlineEngines(),
      assets: ["BTC-USD"],
      mode: "independent",
      cycleMs: 10 * 60_000, // a cycle every 10 minutes at real time
      cash: 25_000,
      seed: 7,
      speed: 1,
      durationMs: 150_000,
      timeoutMs: 1000,
      store: { load: () => null, beginRun: () => 1, save: (r) => saves.push(r.savedWallMs) },
      wallClock: wall,
      sleep: async (ms) => wall.advance(ms),
      log: () => {},
    });
    const t0 = Date.UTC(2024, 0, 10);
    // no cycle in 2.5 minutes: two timed checkpoints and the one at the stop
    expect(saves.map((t) => Math.round((t - t0) / 1000))).toEqual([60, 120, 150]);
  });
});

describe("hydra run: the kill switch", () => {
  it("KILL_SWITCH=true: no order is sent, every decision is denied as halted, and the log says so once", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-kill-")), "hydra.db");
    const { r, lines } = await runOn(db, 6, { killSwitchDb: db, env: { KILL_SWITCH: "true" } });
    expect(r.killSwitch).toBe(true);
    expect(lines.filter((l) => l.includes("trading halted"))).toHaveLength(1);
    expect(lines.filter((l) => l.includes("denied TRADING_HALTED"))).toHaveLength(1);
    const j = SqliteHydraJournal.open(db);
    try {
      const out = j.db
        .prepare(
          "SELECT outcome, COUNT(*) AS n FROM hydra_decisions WHERE outcome NOT IN ('hold', 'no-decision', 'stale') GROUP BY outcome",
        )
        .all() as Array<{ outcome: string; n: number }>;
      expect(out.map((o) => o.outcome)).toEqual(["denied:TRADING_HALTED"]);
      expect(out[0]!.n).toBeGreaterThan(0);
      expect((j.db.prepare("SELECT COUNT(*) AS n FROM hydra_trades").get() as { n: number }).n).toBe(0);
    } finally {
      j.close();
    }
    expect(Object.values(r.equity)).toEqual([25_000, 25_000, 25_000, 25_000]);
  });

  it("refuses to continue a tournament priced by another market (--feed), naming the flag", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-resume-feed-")), "hydra.db");
    await runOn(db, 1);
    const live = {
      name: "coinbase",
      feed: { name: "coinbase", poll: async () => [] },
      gate: { accept: () => [], stale: () => new Map() },
      pollMs: 1000,
    };
    await expect(runOn(db, 1, { live })).rejects.toThrow(
      /the database holds a HYDRA run with --feed synthetic; this run asks for coinbase/,
    );
  });
});
