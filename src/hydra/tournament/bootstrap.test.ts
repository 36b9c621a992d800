import { describe, expect, it } from "vitest";
import { bootstrapMeanInterval, excludesZero } from "./bootstrap.js";

const S = { resamples: 2000, confidence: 0.95, seed: 7 };

describe("bootstrapMeanInterval", () => {
  it("constant values: every resample's mean is that value, so is the interval", () => {
    expect(bootstrapMeanInterval([0.004, 0.004, 0.004], S)).toEqual({
      mean: 0.004,
      low: 0.004,
      high: 0.004,
      n: 3,
    });
  });

  it("values all above 0: a resample's mean lies between the smallest and the largest, so 0 is excluded", () => {
    const xs = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 0.015 : 0.005));
    const i = bootstrapMeanInterval(xs, S)!;
    expect(i.mean).toBeCloseTo(0.01, 12);
    expect(i.low).toBeGreaterThanOrEqual(0.005);
    expect(i.high).toBeLessThanOrEqual(0.015);
    expect(i.low).toBeLessThan(0.01);
    expect(excludesZero(i)).toBe(true);
  });

  it("six days +1 % and six −1 %: the 2.5 % and 97.5 % means are −0.5 % and +0.5 %, 0 inside", () => {
    // a resample's mean is 1 % × (2k − 12)/12 with k ~ Binomial(12, ½) days drawn at +1 %.
    // P(k ≤ 2) = 79/4096 ≈ 1.9 % < 2.5 % < P(k ≤ 3) = 299/4096 ≈ 7.3 %: the 2.5 % quantile is k = 3,
    // a mean of −0.5 %; by symmetry the 97.5 % one is k = 9, +0.5 %
    const xs = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 0.01 : -0.01));
    const i = bootstrapMeanInterval(xs, S)!;
    expect(i.mean).toBeCloseTo(0, 15);
    expect(i.low).toBeCloseTo(-0.005, 12);
    expect(i.high).toBeCloseTo(0.005, 12);
    expect(excludesZero(i)).toBe(false);
  });

  it("is the same for the same seed, and takes the 51st and the 1,950th of 2,000 sorted means", () => {
    const xs = [0.03, -0.01, 0.02, 0, -0.02, 0.01, 0.04];
    expect(bootstrapMeanInterval(xs, S)).toEqual(bootstrapMeanInterval(xs, S));
    // one resample: its only mean is both ends
    const one = bootstrapMeanInterval(xs, { ...S, resamples: 1 })!;
    expect(one.low).toBe(one.high);
    // 99 % is wider than 50 %
    const wide = bootstrapMeanInterval(xs, { ...S, confidence: 0.99 })!;
    const narrow = bootstrapMeanInterval(xs, { ...S, confidence: 0.5 })!;
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it("has nothing to say about no values", () => {
    expect(bootstrapMeanInterval([], S)).toBeNull();
  });
});
