import { describe, expect, it } from "vitest";
import type { BarSeries, TickSeries } from "./series.js";
import { shareSeries, sliceSeries } from "./slice-series.js";

const col = (xs: number[]): Float64Array => Float64Array.from(xs);

describe("sliceSeries and shareSeries", () => {
  const ticks: TickSeries = {
    kind: "ticks",
    symbol: "X",
    length: 5,
    time: col([10, 20, 20, 30, 40]),
    bid: col([1, 2, 3, 4, 5]),
    ask: col([2, 3, 4, 5, 6]),
  };

  it("keeps the rows in [start, end), ties included at the start", () => {
    const s = sliceSeries(ticks, 20, 40) as TickSeries;
    expect(s.length).toBe(3);
    expect([...s.time]).toEqual([20, 20, 30]);
    expect([...s.bid]).toEqual([2, 3, 4]);
    expect(sliceSeries(ticks, 50, 60).length).toBe(0);
    expect(sliceSeries(ticks, 30, 10).length).toBe(0);
  });

  it("bars keep their timeframe; shared copies hold the same values in shared memory", () => {
    const bars: BarSeries = {
      kind: "bars",
      symbol: "X",
      timeframe: "D1",
      length: 3,
      time: col([0, 1, 2]),
      open: col([1, 2, 3]),
      high: col([1, 2, 3]),
      low: col([1, 2, 3]),
      close: col([1, 2, 3]),
      volume: col([0, 0, 0]),
      spread: col([Number.NaN, Number.NaN, Number.NaN]),
    };
    const s = shareSeries(bars) as BarSeries;
    expect(s.time.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...s.close]).toEqual([1, 2, 3]);
    const part = sliceSeries(s, 1, 3) as BarSeries;
    expect(part.timeframe).toBe("D1");
    expect([...part.open]).toEqual([2, 3]);
  });
});
