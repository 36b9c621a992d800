import type { BarSeries } from "../../../data/series.js";
import type { Bar } from "../../../model/market-data.js";
import type { Strategy, StrategyContext } from "../../../strategies/strategy.js";

/**
 * A strategy with lookahead bias, as a vectorised backtest makes by accident: it is handed the whole data
 * set and buys when the NEXT bar closes higher (test-only: never shipped).
 */
export function peekingStrategy(symbol: string, bars: BarSeries): Strategy {
  let row = 0;
  let next = Number.NaN;
  return {
    name: "peeking",
    subscriptions: [{ symbol, timeframe: bars.timeframe }],
    onBar(bar: Bar, ctx: StrategyContext) {
      while (row < bars.length && bars.time[row]! < bar.time) row++;
      next = row + 1 < bars.length ? bars.close[row + 1]! : Number.NaN;
      if (next > bar.close && ctx.positions(symbol).length === 0)
        ctx.submit({ kind: "open", symbol, side: "buy", orderType: "market", volume: 0.01, tag: "peek" });
      else if (next < bar.close && ctx.positions(symbol).length > 0) ctx.submit({ kind: "close", symbol });
    },
    indicators: () => ({ nextClose: next }),
  };
}

/** A strategy whose indicator is a running total of the closes: it never settles whatever the warm-up. */
export function runningTotalStrategy(symbol: string, bars: BarSeries): Strategy {
  let total = 0;
  return {
    name: "running-total",
    subscriptions: [{ symbol, timeframe: bars.timeframe }],
    onBar(bar: Bar) {
      total += bar.close;
    },
    indicators: () => ({ total }),
  };
}

/** Hand-made M1 bars: a noisy sine around 2,000 (deterministic). */
export function waveBars(symbol: string, n: number, startMs = Date.UTC(2024, 0, 2)): BarSeries {
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let prev = 2000;
  for (let i = 0; i < n; i++) {
    time[i] = startMs + i * 60_000;
    const c = Math.round((2000 + 10 * Math.sin(i / 15) + 3 * Math.sin(i * 1.7)) * 100) / 100;
    open[i] = prev;
    close[i] = c;
    high[i] = Math.max(prev, c) + 0.3;
    low[i] = Math.min(prev, c) - 0.3;
    prev = c;
  }
  return {
    kind: "bars",
    symbol,
    timeframe: "M1",
    length: n,
    time,
    open,
    high,
    low,
    close,
    volume: new Float64Array(n).fill(1),
    spread: new Float64Array(n).fill(0.2),
  };
}
