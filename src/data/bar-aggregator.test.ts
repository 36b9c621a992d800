import { describe, expect, it } from "vitest";
import { DayBoundary } from "../core/time.js";
import { BarAggregator } from "./bar-aggregator.js";

const utc = (s: string): number => Date.parse(s);

function ticks(agg: BarAggregator, list: Array<[string, number]>) {
  const out = [];
  for (const [t, p] of list) {
    const ms = utc(t);
    if (agg.isDue(ms)) out.push(agg.take());
    agg.addTick(ms, p, 0.1);
  }
  return out;
}

describe("BarAggregator", () => {
  it("builds M1 bars from ticks and closes a bar on the first tick of the next minute", () => {
    const agg = new BarAggregator("XAUUSD", "M1");
    const bars = ticks(agg, [
      ["2024-01-10T10:00:01Z", 10],
      ["2024-01-10T10:00:20Z", 12],
      ["2024-01-10T10:00:40Z", 9],
      ["2024-01-10T10:00:59.999Z", 11],
      ["2024-01-10T10:01:00Z", 11.5],
      ["2024-01-10T10:03:30Z", 13], // no ticks at 10:02: no bar for it
      ["2024-01-10T10:04:00Z", 13],
    ]);
    expect(
      bars.map((b) => [new Date(b.time).toISOString(), b.open, b.high, b.low, b.close, b.volume]),
    ).toEqual([
      ["2024-01-10T10:00:00.000Z", 10, 12, 9, 11, 4],
      ["2024-01-10T10:01:00.000Z", 11.5, 11.5, 11.5, 11.5, 1],
      ["2024-01-10T10:03:00.000Z", 13, 13, 13, 13, 1],
    ]);
    expect(bars[0]!.endTime).toBe(utc("2024-01-10T10:01:00Z"));
  });

  it("aligns M5, M15 and H1 bars to the clock", () => {
    for (const [tf, start] of [
      ["M5", "2024-01-10T10:05:00Z"],
      ["M15", "2024-01-10T10:00:00Z"],
      ["H1", "2024-01-10T10:00:00Z"],
    ] as const) {
      const agg = new BarAggregator("X", tf);
      agg.addTick(utc("2024-01-10T10:07:13Z"), 1, 0);
      expect(agg.start).toBe(utc(start));
    }
  });

  it("builds D1 bars on a day boundary in a time zone, through DST", () => {
    const agg = new BarAggregator("EURUSD", "D1", new DayBoundary("America/New_York", 17));
    const bars = ticks(agg, [
      ["2024-03-08T21:59:00Z", 1], // Fri 16:59 EST
      ["2024-03-10T21:00:00Z", 2], // Sun 17:00 EDT: a new FX day
      ["2024-03-11T20:59:00Z", 3],
      ["2024-03-11T21:00:00Z", 4], // Mon 17:00 EDT
    ]);
    expect(
      bars.map((b) => [new Date(b.time).toISOString(), new Date(b.endTime).toISOString(), b.open, b.close]),
    ).toEqual([
      ["2024-03-07T22:00:00.000Z", "2024-03-08T22:00:00.000Z", 1, 1],
      ["2024-03-10T21:00:00.000Z", "2024-03-11T21:00:00.000Z", 2, 3],
    ]);
  });

  it("resamples shorter bars into longer ones", () => {
    const agg = new BarAggregator("X", "M5");
    const base = utc("2024-01-10T10:00:00Z");
    for (let i = 0; i < 5; i++) agg.addBar(base + i * 60_000, 10 + i, 12 + i, 9 + i, 11 + i, 100, Number.NaN);
    expect(agg.end).toBe(base + 300_000);
    expect(agg.take()).toMatchObject({ time: base, open: 10, high: 16, low: 9, close: 15, volume: 500 });
  });
});
