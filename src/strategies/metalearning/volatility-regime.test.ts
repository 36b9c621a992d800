import { describe, expect, it } from "vitest";
import {
  classifyPercentile,
  percentileRank,
  type VolatilityRegime,
  VolatilityRegimeDetector,
} from "./volatility-regime.js";

/** Bars around 100 whose high − low is `range` (close alternating so the true range is the range). */
const bars = (n: number, range: number) =>
  Array.from({ length: n }, (_, i) => {
    const mid = 100 + (i % 2 === 0 ? 0.1 : -0.1) * range;
    return { high: mid + range / 2, low: mid - range / 2, close: mid };
  });

const run = (d: VolatilityRegimeDetector, seq: ReturnType<typeof bars>) => seq.map((b) => d.update(b));

describe("percentileRank", () => {
  it("ranks against the other values, ties half", () => {
    expect(percentileRank([1, 2, 3, 4, 5], 5)).toBe(100);
    expect(percentileRank([1, 2, 3, 4, 5], 1)).toBe(0);
    expect(percentileRank([1, 2, 3, 4, 5], 3)).toBe(50);
    expect(percentileRank([2, 2, 2, 2], 2)).toBe(50);
    expect(percentileRank([7], 7)).toBe(50);
  });

  it("classifies by the 33rd/66th percentiles", () => {
    expect(classifyPercentile(10, { lowBelow: 33, highAbove: 66 })).toBe("low");
    expect(classifyPercentile(50, { lowBelow: 33, highAbove: 66 })).toBe("medium");
    expect(classifyPercentile(90, { lowBelow: 33, highAbove: 66 })).toBe("high");
  });
});

describe("VolatilityRegimeDetector", () => {
  it("is undefined until the ATR is ready and the window has enough samples", () => {
    const d = new VolatilityRegimeDetector({ atrPeriod: 5, window: 30, minSamples: 10 });
    const out = run(d, bars(15, 1));
    // ATR ready at bar 6; the 10th ATR value is at bar 15
    expect(out.slice(0, 14).every((r) => r === undefined)).toBe(true);
    expect(out[14]).toBe("medium"); // constant ATR: all ties, the 50th percentile
    expect(d.currentAtr).toBeCloseTo(1, 9);
  });

  it("goes high when calm turns wild", () => {
    const d = new VolatilityRegimeDetector({ atrPeriod: 5, window: 40, minSamples: 10 });
    run(d, bars(60, 1));
    expect(d.regime).toBe("medium");
    const wild = run(d, bars(10, 10));
    expect(wild.every((r) => r === "high")).toBe(true);
    expect(d.percentile).toBe(100);
  });

  it("goes low when a wild market calms down", () => {
    const d = new VolatilityRegimeDetector({ atrPeriod: 5, window: 40, minSamples: 10 });
    run(d, bars(60, 10));
    const calm = run(d, bars(10, 1));
    // the ATR decays: each new value is below every one in the window
    expect(calm.every((r) => r === "low")).toBe(true);
    expect(d.percentile).toBe(0);
  });

  it("sees a middling ATR as medium", () => {
    // period 1: the ATR is the bar's true range, so the window holds exactly the ranges 1..30
    const d = new VolatilityRegimeDetector({ atrPeriod: 1, window: 30, minSamples: 10 });
    const ramp = Array.from({ length: 31 }, (_, i) => bars(1, i + 1)[0]!);
    const out = run(d, ramp);
    expect(out.at(-1)).toBe("high");
    const tail: (VolatilityRegime | undefined)[] = [];
    for (const r of [3, 16, 29]) tail.push(d.update(bars(1, r)[0]!));
    expect(tail).toEqual(["low", "medium", "high"]);
  });

  it("resets and rejects bad configs", () => {
    const d = new VolatilityRegimeDetector({ atrPeriod: 3, window: 10, minSamples: 5 });
    run(d, bars(20, 2));
    expect(d.regime).toBeDefined();
    d.reset();
    expect(d.regime).toBeUndefined();
    expect(d.percentile).toBeNaN();
    expect(() => new VolatilityRegimeDetector({ window: 5, minSamples: 10 })).toThrow(/invalid config/);
    expect(() => new VolatilityRegimeDetector({ lowBelow: 70, highAbove: 60 })).toThrow(/invalid config/);
  });
});
