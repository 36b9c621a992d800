import { describe, expect, it } from "vitest";
import { DAY_MS, DayBoundary } from "../../core/time.js";
import type { BarSeries } from "../../data/series.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import { strategyDefinition } from "../../strategies/registry.js";
import { runBacktest } from "../backtest.js";
import { type OptimizeBase, runOptimizeUnit } from "./optimize-unit.js";

/** 120 daily bars of a wave: the SMA cross trades on it. */
function wave(): BarSeries {
  const n = 120;
  const start = Date.UTC(2024, 0, 1);
  const close = Float64Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin(i / 6));
  return {
    kind: "bars",
    symbol: "GOOG",
    timeframe: "D1",
    length: n,
    time: Float64Array.from({ length: n }, (_, i) => start + i * DAY_MS),
    open: close,
    high: close.map((c) => c + 1),
    low: close.map((c) => c - 1),
    close,
    volume: new Float64Array(n).fill(1),
    spread: new Float64Array(n).fill(Number.NaN),
  };
}

describe("one optimisation backtest", () => {
  const series = wave();
  const spec = resolveInstrument("GOOG", { contractSize: 1, digits: 2 });
  const base: OptimizeBase = {
    strategy: "sma-cross",
    fixedParams: { volume: "2" },
    spec,
    cash: 10_000,
    spread: 0,
    slippageTicks: 0,
    dayTz: "UTC",
  };

  it("over the full span: the same trades and days as hydra backtest with --close-at-end, returns from the days' equity", () => {
    const o = runOptimizeUnit(series, base, {
      trial: 3,
      segment: "full",
      params: { period: 5 },
      startMs: 0,
      endMs: Number.MAX_SAFE_INTEGER,
    });
    const def = strategyDefinition("sma-cross");
    const r = runBacktest({
      series,
      spec,
      strategy: (s, tf) => def.create(s, tf, { period: "5", volume: "2" }),
      cash: 10_000,
      closeAtEnd: true,
      day: new DayBoundary("UTC", 0),
    });
    expect(r.trades.length).toBeGreaterThanOrEqual(3);
    expect(o.trial).toBe(3);
    expect(o.trades).toBe(r.trades.length);
    expect(o.netProfit).toBeCloseTo(r.finalEquity - r.initialBalance, 2);
    expect(o.days).toEqual(r.days.map((d) => d.day));
    const compounded = o.returns.reduce((e, x) => e * (1 + x), 10_000);
    expect(compounded).toBeCloseTo(r.days.at(-1)!.endEquity, 6);
  });

  it("over a range: only the range's days; an empty range trades nothing", () => {
    const from = series.time[30]!;
    const to = series.time[60]!;
    const o = runOptimizeUnit(series, base, {
      trial: 0,
      segment: "oos1",
      params: { period: 5 },
      startMs: from,
      endMs: to,
    });
    expect(o.days[0]).toBe("2024-01-31");
    expect(o.days).toHaveLength(30);
    const none = runOptimizeUnit(series, base, {
      trial: 0,
      segment: "is0",
      params: { period: 5 },
      startMs: 0,
      endMs: 1,
    });
    expect(none).toEqual({ trial: 0, segment: "is0", trades: 0, netProfit: 0, days: [], returns: [] });
  });
});
