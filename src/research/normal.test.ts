import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "./normal.js";

describe("the standard normal", () => {
  it("Φ matches tabulated values to 1e-13", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 13);
    expect(normalCdf(-2)).toBeCloseTo(0.022750131948179195, 13);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 13);
    expect(normalCdf(-8)).toBeCloseTo(6.220960574271785e-16, 20);
  });

  it("Φ⁻¹ inverts Φ across the range, tails included", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBe(0);
    for (const p of [1e-10, 0.001, 0.02, 0.3, 0.7, 0.99, 1 - 1e-9]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
    }
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });
});
