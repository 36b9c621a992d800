import { describe, expect, it } from "vitest";
import { type PropFirmProgram, propFirmProgram } from "../program.js";
import { chooseBlockLength } from "./block-length.js";
import type { DaySource } from "./day-source.js";
import { runPath } from "./run-path.js";
import { DAY_CAP, mergeCounts, type SimulationSpec, simulateShard } from "./simulate-shard.js";
import { expectedCostToFunded, summarize } from "./summarize.js";

const TWO_STEP = propFirmProgram("ftmo-2step", "challenge");
const VERIFICATION = propFirmProgram("ftmo-2step", "verification");
const ONE_STEP = propFirmProgram("ftmo-1step", "challenge");
const sizing = { initial: 100_000, scale: 1, compound: false, maxDays: Number.POSITIVE_INFINITY };

/** The given days (returns as fractions of the initial balance), then the data runs out. */
function fixedDays(days: number[][]): DaySource {
  let i = 0;
  return {
    startPath: () => {
      i = 0;
    },
    nextDay: () => days[i++] ?? null,
  };
}

describe("challenge simulator: the exact case (gambler's ruin)", () => {
  // Target and max loss only: no daily floor in reach, no minimum days, no best-day rule.
  const reduced: PropFirmProgram = {
    ...TWO_STEP,
    maxDailyLossPct: 1,
    minTradingDays: 0,
    bestDayMaxShare: null,
  };

  /**
   * ±1 % of the initial balance a trade: the target (+10 %) is 10 wins up, and the max loss fails only
   * strictly below 90 %, i.e. 11 losses down. A walk started at i = 11 absorbed at 0 and N = 21 reaches
   * N first with probability (1 − r^i) / (1 − r^N), r = q / p (i / N when p = ½).
   */
  function exactPass(p: number): number {
    const r = (1 - p) / p;
    return p === 0.5 ? 11 / 21 : (1 - r ** 11) / (1 - r ** 21);
  }

  for (const [winRate, tradesPerDay] of [
    [0.55, 1],
    [0.5, 3],
    [0.45, 2],
  ] as const) {
    it(`matches the closed form within 3 standard errors (win rate ${winRate}, ${tradesPerDay} a day)`, () => {
      const spec: SimulationSpec = {
        phases: [reduced],
        sizing: { ...sizing, scale: 0.01 },
        source: { kind: "parametric", winRate, payoff: 1, tradesPerDay },
        paths: 40_000,
        seed: 7,
      };
      const s = summarize(mergeCounts([0, 1].map((i) => simulateShard(spec, i, 2))));
      const exact = exactPass(winRate);
      console.log(
        `exact case p=${winRate}: exact ${exact.toFixed(5)}, simulated ${s.pass.probability.toFixed(5)} ± ${s.pass.standardError.toFixed(5)}`,
      );
      expect(Math.abs(s.pass.probability - exact)).toBeLessThanOrEqual(3 * s.pass.standardError);
      expect(s.failDaily.probability).toBe(0);
      expect(s.pass.probability + s.failMaxLoss.probability).toBe(1);
    });
  }
});

describe("challenge simulator: the rules on hand-built days", () => {
  it("fails by daily loss when a day falls below its start balance − 5 %, not at exactly 5 %", () => {
    const exactly = runPath([TWO_STEP], sizing, fixedDays([[0.02], [-0.03, -0.02], [0.01]]));
    expect(exactly).toEqual({ end: "not-finished", days: 3, phasesPassed: 0 });
    const below = runPath([TWO_STEP], sizing, fixedDays([[0.02], [-0.03, -0.025], [0.01]]));
    expect(below).toEqual({ end: "max-daily-loss", days: 2, phasesPassed: 0 });
  });

  it("trails the 1-step's max loss on the end-of-day balance (the 2-step's stays at 90 %)", () => {
    const days = [[0.05], [-0.02], [-0.029], [-0.029], [-0.029]];
    // highest end of day 105,000 → floor 95,000; day 5 ends at 94,300 (its daily floor is 94,200)
    expect(runPath([ONE_STEP], sizing, fixedDays(days))).toEqual({
      end: "max-loss",
      days: 5,
      phasesPassed: 0,
    });
    expect(runPath([TWO_STEP], sizing, fixedDays(days))).toEqual({
      end: "not-finished",
      days: 5,
      phasesPassed: 0,
    });
  });

  it("passes at the target only after the minimum trading days (minimal positions on the days left)", () => {
    expect(runPath([TWO_STEP], sizing, fixedDays([[0.11]]))).toEqual({
      end: "passed",
      days: 4,
      phasesPassed: 1,
    });
    expect(runPath([TWO_STEP], { ...sizing, maxDays: 3 }, fixedDays([[0.11]]))).toEqual({
      end: "not-finished",
      days: 3,
      phasesPassed: 0,
    });
    // a day without trades is not a trading day
    const gaps = [[0.03], [], [0.03], [], [0.05]];
    expect(runPath([TWO_STEP], sizing, fixedDays(gaps))).toEqual({ end: "passed", days: 6, phasesPassed: 1 });
  });

  it("holds a 1-step pass until the best day is at most half the profit", () => {
    const days = [[0.08], [0.02], [0.03], [0.03], [0.5]];
    // total 10,000 with a best day of 8,000; then 13,000; then 16,000 = 2 × 8,000: passes on day 4
    expect(runPath([ONE_STEP], sizing, fixedDays(days))).toEqual({ end: "passed", days: 4, phasesPassed: 1 });
  });

  it("runs the 2-step's verification after its challenge, on a fresh balance, from the next day", () => {
    const days = [[0.03], [0.03], [0.03], [0.02], [0.02], [0.01], [0.01], [0.01], [-0.2]];
    expect(runPath([TWO_STEP, VERIFICATION], sizing, fixedDays(days))).toEqual({
      end: "passed",
      days: 8,
      phasesPassed: 2,
    });
    const failsSecond = [[0.03], [0.03], [0.03], [0.02], [-0.06]];
    expect(runPath([TWO_STEP, VERIFICATION], sizing, fixedDays(failsSecond))).toEqual({
      end: "max-daily-loss",
      days: 5,
      phasesPassed: 1,
    });
  });

  it("compounds on the current balance when asked", () => {
    // +5 % of 100,000, then +5 % of 105,000 = 110,250 ≥ target; fixed sizing would sit at exactly 110,000
    const two = [[0.05], [0.05], [0], [0]];
    expect(
      runPath([{ ...TWO_STEP, minTradingDays: 0 }], { ...sizing, compound: true }, fixedDays(two)).days,
    ).toBe(2);
  });
});

describe("challenge simulator: sources and reproducibility", () => {
  const spec = (seed: number, source: SimulationSpec["source"]): SimulationSpec => ({
    phases: [TWO_STEP, VERIFICATION],
    sizing: { ...sizing, maxDays: 60 },
    source,
    paths: 3_000,
    seed,
  });
  const days = Array.from({ length: 40 }, (_, i) => [((i * 37) % 11) / 250 - 0.018, (i % 3) / 1000]);

  it("gives the same counts for the same seed and shards, other counts for another seed", () => {
    for (const source of [
      { kind: "parametric", winRate: 0.5, payoff: 1.5, tradesPerDay: 2 },
      { kind: "bootstrap", days, blockLength: 3 },
      { kind: "reshuffle", trades: days.flat(), daySizes: days.map((d) => d.length) },
    ] as const) {
      const run = (seed: number) =>
        mergeCounts([0, 1, 2].map((i) => simulateShard(spec(seed, source), i, 3)));
      expect(run(7)).toEqual(run(7));
      expect(run(7)).not.toEqual(run(8));
      expect(run(7).paths).toBe(3_000);
    }
  });

  it("reshuffles the same trades: every path ends by the data's last day", () => {
    const c = mergeCounts([
      simulateShard(
        spec(1, { kind: "reshuffle", trades: days.flat(), daySizes: days.map((d) => d.length) }),
        0,
        1,
      ),
    ]);
    expect(Math.max(...c.daysToPass.map((v, d) => (v > 0 ? d : 0)))).toBeLessThanOrEqual(40);
  });

  it("summarizes days to pass as nearest-rank percentiles", () => {
    const s = summarize({
      paths: 10,
      passed: 4,
      failedDaily: 1,
      failedMaxLoss: 2,
      notFinished: 3,
      phasePassed: [6, 4],
      daysToPass: [0, 0, 0, 0, 1, 2, 0, 1],
    });
    expect(s.daysToPass).toEqual({ p10: 4, p25: 4, p50: 5, p75: 5, p90: 7, mean: 5.25 });
    expect(s.pass).toEqual({ probability: 0.4, standardError: Math.sqrt(0.024) });
  });
});

describe("block length from the data", () => {
  it("is 1 for uncorrelated days and longer for persistent ones", () => {
    let x = 1;
    const noise = Array.from({ length: 500 }, () => {
      x = (x * 48271) % 2147483647;
      return x / 2147483647 - 0.5;
    });
    expect(chooseBlockLength(noise)).toBe(1);
    let level = 0;
    const persistent = noise.map((e) => {
      level = 0.9 * level + e;
      return level;
    });
    const b = chooseBlockLength(persistent);
    expect(b).toBeGreaterThan(4);
    expect(b).toBeLessThanOrEqual(Math.ceil(Math.sqrt(500)));
  });
});

describe("challenge simulator: limits and costs", () => {
  it("counts a path that never ends as not finished after DAY_CAP days", () => {
    const flat: SimulationSpec = {
      phases: [ONE_STEP],
      sizing,
      source: { kind: "bootstrap", days: [[0], []], blockLength: 1 },
      paths: 3,
      seed: 1,
    };
    expect(summarize(simulateShard(flat, 0, 1)).notFinished.probability).toBe(1);
    expect(DAY_CAP).toBe(20_000);
  });

  it("prices getting funded as fee / pass probability, with the delta-method standard error", () => {
    expect(expectedCostToFunded(540, { probability: 0.5, standardError: 0.01 })).toEqual({
      cost: 1080,
      standardError: 21.6,
    });
    expect(expectedCostToFunded(540, { probability: 0, standardError: 0 })).toBeNull();
  });
});
