import { describe, expect, it } from "vitest";
import { formatInterval, tournamentStatement } from "./statement.js";
import { DEFAULT_TABLE_SETTINGS } from "./table-settings.js";

const interval = (mean: number, low: number, high: number) => ({ mean, low, high, n: 12 });

describe("the statement under the table", () => {
  it("writes a mean daily difference and its interval in percent, a rounded −0 as +0.000", () => {
    expect(formatInterval(interval(-1e-9, -0.005, 0.0125))).toBe("+0.000 %/day [-0.500, +1.250]");
  });

  it("names the one ahead first in a pair and says how many comparisons were made", () => {
    const s = tournamentStatement(
      [{ a: "x", b: "buy-and-hold", days: 12, interval: interval(0.001, -0.001, 0.003) }],
      [
        { a: "x", b: "y", days: 12, interval: interval(-0.01, -0.015, -0.005) },
        { a: "x", b: "z", days: 11, interval: interval(0, -0.001, 0.001) },
      ],
      DEFAULT_TABLE_SETTINGS,
    );
    expect(s).toBe(
      "No engine's return is distinguishable from buy-and-hold. Distinguishable from each other: y above x (+1.000 %/day [+0.500, +1.500]). Every other interval contains 0; by chance alone about 5 % of such intervals exclude 0 (3 comparisons here).",
    );
  });

  it("has nothing to compare without engines, and leaves out 'the others' with one engine", () => {
    expect(tournamentStatement([], [], DEFAULT_TABLE_SETTINGS)).toBe("No engine to compare.");
    expect(
      tournamentStatement(
        [{ a: "x", b: "buy-and-hold", days: 1, needed: 10, interval: null }],
        [],
        DEFAULT_TABLE_SETTINGS,
      ),
    ).toBe(
      "Too few days to tell any engine from buy-and-hold: 1 daily return, a bootstrap interval needs 10.",
    );
  });
});
