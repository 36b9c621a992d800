import { describe, expect, it } from "vitest";
import { dailySharpe } from "./sharpe.js";

const alternating = (n: number): number[] => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0.02 : 0));

describe("dailySharpe", () => {
  it("20 returns alternating +2 % and 0: mean 1 %, sd 1 % × √(20/19), × √252 = √(19/20) × √252 ≈ 15.4726", () => {
    expect(dailySharpe(alternating(20), 20)).toEqual({ value: 15.4726, days: 20, needed: 20 });
  });

  it("19 returns under a threshold of 20: no number, but how many days there are", () => {
    expect(dailySharpe(alternating(19), 20)).toEqual({ value: null, days: 19, needed: 20 });
  });

  it("the threshold is configurable: 19 of 19 is enough", () => {
    // mean 10 × 2 % / 19; sample sd from 10 × (2 % − m)² + 9 × m²
    const m = 0.2 / 19;
    const sd = Math.sqrt((10 * (0.02 - m) ** 2 + 9 * m ** 2) / 18);
    expect(dailySharpe(alternating(19), 19).value).toBeCloseTo((m / sd) * Math.sqrt(252), 4);
  });

  it("no variance: no number even with enough days", () => {
    expect(dailySharpe(Array(25).fill(0.01), 20)).toEqual({ value: null, days: 25, needed: 20 });
  });
});
