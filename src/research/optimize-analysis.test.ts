import { describe, expect, it } from "vitest";
import { Prng } from "../core/prng.js";
import { analyseOptimization, type SegmentOutcome } from "./optimize-analysis.js";
import { gridTrials, parseRange } from "./param-space.js";
import { walkForwardWindows } from "./walk-forward.js";

const day = (i: number): string =>
  `2024-${String(1 + Math.floor(i / 28)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;

describe("the walk-forward analysis", () => {
  const ranges = [parseRange("--range", "p=1,2,3")];
  const trials = gridTrials(ranges);
  const windows = walkForwardWindows(0, 400, { windows: 2, inSampleRatio: 2, mode: "rolling" });
  const seg = (
    trial: number,
    segment: SegmentOutcome["segment"],
    returns: number[],
    trades = 10,
  ): SegmentOutcome => ({
    trial,
    segment,
    trades,
    netProfit: returns.reduce((a, r) => a + r * 1000, 0),
    days: returns.map((_, i) => day(i + (segment.startsWith("oos1") ? 10 : 0))),
    returns,
  });

  it("selects in sample, tests out of sample, stitches the out-of-sample days and honours the minimum trades", () => {
    const outcomes = [
      // window 0: trial 2 is best in sample but has too few trades; trial 1 is selected
      seg(0, "is0", [0.01, -0.01, 0.0]),
      seg(1, "is0", [0.02, 0.0, 0.01]),
      seg(2, "is0", [0.05, 0.05, 0.04], 1),
      seg(1, "oos0", [0.1, -0.05]),
      // window 1: trial 0 is best
      seg(0, "is1", [0.02, 0.01, 0.02]),
      seg(1, "is1", [0.0, 0.01, -0.01]),
      seg(2, "is1", [0.0, 0.0, 0.0]),
      seg(0, "oos1", [0.01]),
    ];
    const a = analyseOptimization({
      ranges,
      trials,
      windows,
      outcomes,
      objective: "return",
      minTrades: 5,
      cscvBlocks: 4,
      cash: 1000,
    });
    expect(a.windows.map((w) => w.trial)).toEqual([1, 0]);
    expect(a.windows[0]!.params).toEqual({ p: 2 });
    expect(a.windows[0]!.outOfSampleObjective).toBeCloseTo((1.1 * 0.95 - 1) * 100, 10);
    expect(a.stitchedEquity.map((e) => e.equity)).toEqual([1100, 1045, 1055.45]);
    expect(a.stitchedEquity[2]!.day).toBe(day(10));
    // no full-span backtests given: no best, no DSR, no PBO, so the verdict cannot be clean
    expect(a.best).toBeNull();
    expect(a.pbo).toBeNull();
    expect(a.verdict.level).not.toBe("no-sign-of-overfit");
  });

  it("on the full span: the best trial, its deflated Sharpe for 3 trials, PBO by CSCV and the heat map", () => {
    const prng = new Prng(5);
    const outcomes = trials.map((_, t) =>
      seg(
        t,
        "full",
        Array.from({ length: 80 }, () => prng.normal() * 0.01 + 0.002 * t),
      ),
    );
    const a = analyseOptimization({
      ranges,
      trials,
      windows,
      outcomes,
      objective: "sharpe",
      minTrades: 0,
      cscvBlocks: 4,
      cash: 1000,
    });
    expect(a.best?.trial).toBe(2);
    expect(a.deflatedSharpe?.trials).toBe(3);
    expect(a.deflatedSharpe?.observations).toBe(80);
    expect(a.deflatedSharpe!.dsr).toBeGreaterThan(0);
    expect(a.deflatedSharpe!.dsr).toBeLessThan(1);
    expect(a.pbo?.splits).toBe(6);
    expect(a.heatMap?.cells[0]).toEqual(a.trials.map((t) => t.objective));
  });
});
