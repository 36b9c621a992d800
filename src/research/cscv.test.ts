import { describe, expect, it } from "vitest";
import { Prng } from "../core/prng.js";
import { cscv, meanOfSums, sharpeOfSums } from "./cscv.js";
import { periodSharpe } from "./deflated-sharpe.js";

describe("the probability of backtest overfitting by CSCV", () => {
  it("a worked example, computed by hand: 3 trials, 4 blocks, 6 splits, PBO 1/3", () => {
    // Rows are blocks 0..3 (one observation each), columns the trials a, b, c; the metric is the mean.
    const m = [
      [1, 0, 0],
      [1, 0, 0],
      [-1, 0, 0.5],
      [-1, 0, 0.5],
    ];
    const r = cscv(m, 4, meanOfSums);
    // The splits, in sample | out of sample, in pypbo's order (itertools.combinations):
    //   {0,1}|{2,3}: a is best (1); out of sample a −1, b 0, c 0.5: a ranks 1 → w = 1/4, logit ln(1/3)
    //   {0,2}|{1,3}: c is best (0.25); out of sample a 0, b 0, c 0.25: c ranks 3 → w = 3/4, logit ln 3
    //   {0,3}|{1,2}: the same as {0,2}: ln 3
    //   {1,2}|{0,3}: ln 3;  {1,3}|{0,2}: ln 3
    //   {2,3}|{0,1}: c is best (0.5); out of sample a 1, b 0, c 0: b and c tie for ranks 1-2 → 1.5,
    //                w = 1.5/4, logit ln(0.6)
    // (The R package pbo divides the rank by N instead: w = 1/3, 1, 1, 1, 1, 0.5 — the same PBO, 2/6.)
    const expected = [Math.log(1 / 3), Math.log(3), Math.log(3), Math.log(3), Math.log(3), Math.log(0.6)];
    expect(r.splits).toBe(6);
    for (const [i, l] of r.logits.entries()) expect(l).toBeCloseTo(expected[i]!, 12);
    expect(r.pbo).toBeCloseTo(2 / 6, 12);
    expect(r.bestOutOfSample).toEqual([-1, 0.25, 0.25, 0.25, 0.25, 0]);
    expect(r.probOosLoss).toBeCloseTo(1 / 6, 12);
  });

  it("computes each split's Sharpe ratio as the concatenated observations' (pypbo's sharpe_iid, factor 1)", () => {
    const prng = new Prng(3);
    const col = Array.from({ length: 40 }, () => prng.normal() * 0.01 + 0.001);
    // the first 8 of 40 rows by block: in sample = blocks {0, 1} of 4 → rows 0..19
    expect(sharpeOfSums(sumsOf(col.slice(0, 20)))).toBeCloseTo(periodSharpe(col.slice(0, 20)), 10);
  });

  it("leaves out the first T mod S observations, as pypbo does", () => {
    const m = Array.from({ length: 10 }, (_, t) => [t, -t]);
    expect(cscv(m, 4, meanOfSums).observations).toBe(8);
  });

  it("skill-less trials overfit about half the time; trials with lasting skill differences do not", () => {
    const prng = new Prng(42);
    const noise = Array.from({ length: 800 }, () => Array.from({ length: 20 }, () => prng.normal() * 0.01));
    const luck = cscv(noise, 8);
    expect(luck.splits).toBe(70);
    expect(luck.pbo).toBeGreaterThan(0.2);
    expect(luck.pbo).toBeLessThan(0.8);
    const skill = Array.from({ length: 800 }, () =>
      Array.from({ length: 20 }, (_, n) => prng.normal() * 0.01 + n * 0.0005),
    );
    const real = cscv(skill, 8);
    expect(real.pbo).toBeLessThan(0.1);
    expect(real.probOosLoss).toBe(0);
  });

  it("refuses an odd number of blocks and too few observations", () => {
    expect(() => cscv([[1, 2]], 3)).toThrow(/even/);
    expect(() => cscv([[1, 2]], 4)).toThrow(/at least 4 observations/);
  });
});

function sumsOf(xs: readonly number[]) {
  return { n: xs.length, sum: xs.reduce((a, x) => a + x, 0), sumSq: xs.reduce((a, x) => a + x * x, 0) };
}
