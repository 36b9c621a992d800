import { describe, expect, it } from "vitest";
import { HydraError } from "../core/errors.js";
import type { BarSeries } from "./series.js";
import { shiftSeries } from "./shift-series.js";

function bars(times: number[]): BarSeries {
  const col = (v: number) => Float64Array.from(times, () => v);
  return {
    kind: "bars",
    symbol: "US30",
    timeframe: "M1",
    length: times.length,
    time: Float64Array.from(times),
    open: col(1),
    high: col(2),
    low: col(0.5),
    close: col(1.5),
    volume: col(10),
    spread: col(Number.NaN),
  };
}

describe("shiftSeries", () => {
  it("adds the hours to every timestamp and leaves prices and the input untouched", () => {
    const t0 = Date.UTC(2026, 1, 19, 16, 30);
    const input = bars([t0, t0 + 60_000]);
    const out = shiftSeries(input, -7);
    expect(Array.from(out.time)).toEqual([Date.UTC(2026, 1, 19, 9, 30), Date.UTC(2026, 1, 19, 9, 31)]);
    expect(out.kind === "bars" && Array.from(out.close)).toEqual([1.5, 1.5]);
    expect(Array.from(input.time)).toEqual([t0, t0 + 60_000]);
  });

  it("takes half hours and returns the same series for 0", () => {
    const input = bars([0]);
    expect(shiftSeries(input, 0)).toBe(input);
    expect(Array.from(shiftSeries(input, 5.5).time)).toEqual([5.5 * 3_600_000]);
  });

  it("refuses more than a day, naming the flag", () => {
    expect(() => shiftSeries(bars([0]), 25)).toThrowError(HydraError);
    expect(() => shiftSeries(bars([0]), -30)).toThrowError(
      /--shift must be a number of hours between -24 and 24/,
    );
  });
});
