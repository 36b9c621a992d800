import { expect } from "vitest";
import type { StatsTable } from "../../../portfolio/stats-input.js";

/**
 * Compares every statistic a peer published with HYDRA's, under the peer's label: numbers to `relTol`
 * relative, durations given as "N days" to the day, dates by their day. A comparison that cannot fail
 * fails: an empty expectation, an expected label HYDRA does not produce, or a null where a number is due.
 * Returns how many statistics were compared.
 */
export function expectStatsMatch(
  got: StatsTable,
  expected: Record<string, number | string>,
  relTol: number,
): number {
  const names = Object.keys(expected);
  expect(names.length, "the peer's expected statistics").toBeGreaterThan(0);
  const byName = new Map(got.map((s) => [s.name, s.value]));
  for (const name of names) {
    const want = expected[name]!;
    expect(byName.has(name), `HYDRA computes "${name}"`).toBe(true);
    const value = byName.get(name);
    expect(value, `${name} has a value`).not.toBeNull();
    if (typeof want === "number") {
      expect(typeof value, name).toBe("number");
      const v = value as number;
      expect(Math.abs(v - want), `${name}: ${v} vs ${want}`).toBeLessThanOrEqual(relTol * Math.abs(want));
    } else if (/^\d+ days$/.test(want)) {
      expect(`${value} days`, name).toBe(want);
    } else {
      expect(String(value).slice(0, want.length), name).toBe(want);
    }
  }
  return names.length;
}
