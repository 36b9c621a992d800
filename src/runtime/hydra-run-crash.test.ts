import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { Prng } from "../core/prng.js";
import { offlineEngines } from "../hydra/offline/index.js";
import type { SavedHydraRun } from "../hydra/orchestrator/hydra-state.js";
import { SqliteHydraJournal } from "../persistence/sqlite-hydra-journal.js";
import { SqliteHydraState } from "../persistence/sqlite-hydra-state.js";
import { type HydraRunConfig, runHydra } from "./hydra-run.js";

const dir = mkdtempSync(path.join(tmpdir(), "hydra-crash-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = Date.parse("2024-03-05T18:00:00Z"); // the span crosses a trading day (midnight Prague)
const CYCLES = 40;

/**
 * One `hydra run` on the database, on a wall clock the test drives, to `CYCLES` cycles in all; with
 * `crashAfterSaves`, the process "dies" after that many checkpoints: the journal has gone on writing
 * past the last one (as a SIGKILL leaves it), the state store has not.
 */
async function runOn(db: string, crashAfterSaves?: number, extra: Partial<HydraRunConfig> = {}) {
  const journal = SqliteHydraJournal.open(db);
  const store = SqliteHydraState.open(db);
  const wall = new TestClock(Date.UTC(2024, 0, 10));
  let saves = 0;
  let crashed = false;
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
      durationMs: Number.POSITIVE_INFINITY,
      maxCycles: CYCLES,
      startMs: START,
      timeoutMs: 1000,
      journal,
      store: {
        load: () => store.load(),
        beginRun: (w) => store.beginRun(w),
        save: (run: SavedHydraRun) => {
          if (crashAfterSaves === undefined || saves < crashAfterSaves) store.save(run);
          else crashed = true;
          saves++;
        },
      },
      wallClock: wall,
      // the wall clock jitters (a loaded machine): the market clock must not care
      sleep: async (ms) => {
        wall.advance(ms + (saves % 3) * 17);
        await new Promise((r) => setImmediate(r));
      },
      log: (l) => lines.push(l),
      ...(crashAfterSaves === undefined ? {} : { stopSignal: untilCrashed(() => crashed) }),
      ...extra,
    });
    return { r, lines };
  } finally {
    journal.close();
    store.close();
  }
}

/** resolves once the "process" is dead (its checkpoints no longer reach the store), a few cycles later */
async function untilCrashed(dead: () => boolean): Promise<void> {
  let after = 0;
  while (!dead() || after++ < 50) await new Promise((r) => setImmediate(r));
}

/** The books a run ends with: each desk's cash, equity and open positions, and every closed trade (ids aside). */
function books(db: string) {
  const store = SqliteHydraState.open(db);
  const journal = SqliteHydraJournal.open(db);
  try {
    const saved = store.load()!;
    const desks = saved.state.desks.map((d) => ({
      id: d.id,
      balance: d.balance,
      equity: d.equity,
      positions: d.positions.map(({ id: _id, tag: _tag, ...p }) => p),
      days: d.days,
      maxDrawdown: d.maxDrawdown,
    }));
    const trades = journal.db
      .prepare(
        "SELECT engine, asset, direction, volume, entry_price, exit_price, open_time, timestamp, pnl, exit_reason FROM hydra_trades ORDER BY engine, timestamp, open_time, asset",
      )
      .all();
    const decisions = journal.db
      .prepare(
        "SELECT market_time, engine, decision, outcome FROM hydra_decisions ORDER BY market_time, engine",
      )
      .all();
    return {
      cycles: saved.state.cycles,
      lastMarketMs: saved.state.lastMarketMs,
      desks,
      trades,
      decisions,
      lessons: saved.state.lessons,
      evolution: saved.state.evolution,
      costs: saved.state.costs,
    };
  } finally {
    store.close();
    journal.close();
  }
}

describe("hydra run: a run killed and resumed ends with the books of an uninterrupted one", () => {
  it(`killed after seeded checkpoints, resumed each time on the same database, it ends ${CYCLES} cycles with the same cash, positions, trades and decisions`, async () => {
    const whole = path.join(dir, "whole.db");
    const a = await runOn(whole);
    expect(a.r.cycles).toBe(CYCLES);
    const expected = books(whole);
    // the span holds trades, open positions at the end, and lessons: there is something to get wrong
    expect(expected.trades.length).toBeGreaterThan(5);
    expect(expected.desks.some((d) => d.positions.length > 0)).toBe(true);
    expect(expected.desks.every((d) => d.days.length === 2)).toBe(true);

    const broken = path.join(dir, "broken.db");
    const rng = new Prng(1);
    const kills: number[] = [];
    let forgotten = 0;
    for (let k = 0; k < 3; k++) {
      const at = 1 + Math.floor(rng.next() * 12);
      kills.push(at);
      const run = await runOn(broken, at);
      forgotten += run.lines.filter((l) => l.includes("removed from the journal")).length;
    }
    // the seed's kills leave trades journalled past a checkpoint, which the resume must not count twice
    expect(forgotten).toBeGreaterThan(0);
    const last = await runOn(broken);
    expect(last.r.resumedFrom).not.toBeNull();
    expect(last.r.cycles).toBe(CYCLES);
    const got = books(broken);
    console.log(
      `crash (unit): killed after checkpoints ${kills.join(", ")}; ${forgotten} resume(s) removed trades journalled past a checkpoint; ${got.trades.length} trades, ${got.desks.reduce((n, d) => n + d.positions.length, 0)} open positions at cycle ${CYCLES}`,
    );
    expect(got.lastMarketMs).toBe(expected.lastMarketMs);
    expect(got.decisions).toEqual(expected.decisions);
    expect(got.trades).toEqual(expected.trades);
    expect(got.desks).toEqual(expected.desks);
    expect(got.lessons).toEqual(expected.lessons);
    expect(got.evolution).toEqual(expected.evolution);
    expect(got.costs).toEqual(expected.costs);
  });

  it("--start: a fresh run starts its market there; resuming with another start is refused, naming the flag", async () => {
    const db = path.join(dir, "start.db");
    const first = await runOn(db, undefined, { maxCycles: 2 });
    expect(first.r.marketTime).toBe("2024-03-05T18:30:00.000Z");
    await expect(runOn(db, undefined, { startMs: START + 60_000 })).rejects.toThrow(
      /the database holds a HYDRA run with --start 2024-03-05T18:00:00.000Z; this run asks for 2024-03-05T18:01:00.000Z/,
    );
  });
});
