import { type BarSeries, Float64Column } from "../../data/series.js";
import type { OrderIntent } from "../../model/intent.js";
import type { Bar } from "../../model/market-data.js";
import type { Position } from "../../model/position.js";
import type { StrategyContext } from "../../strategies/strategy.js";

const T0 = Date.UTC(2024, 0, 10, 8, 0, 0);
const M5 = 300_000;

/** M5 bars from closes; open = previous close, high/low = close ± `half`. */
export function m5Bars(symbol: string, closes: readonly number[], half = 0.5): Bar[] {
  return closes.map((close, i) => ({
    symbol,
    timeframe: "M5",
    time: T0 + i * M5,
    endTime: T0 + (i + 1) * M5,
    open: i > 0 ? closes[i - 1]! : close,
    high: close + half,
    low: close - half,
    close,
    volume: 1,
    spread: Number.NaN,
  }));
}

export function m5Series(symbol: string, closes: readonly number[], half = 0.5): BarSeries {
  const c = Array.from({ length: 7 }, () => new Float64Column());
  for (const b of m5Bars(symbol, closes, half)) {
    const row = [b.time, b.open, b.high, b.low, b.close, b.volume, Number.NaN];
    for (let k = 0; k < row.length; k++) c[k]!.push(row[k]!);
  }
  const [time, open, high, low, close, volume, spread] = c.map((col) => col.finish());
  return {
    kind: "bars",
    symbol,
    timeframe: "M5",
    length: closes.length,
    time: time!,
    open: open!,
    high: high!,
    low: low!,
    close: close!,
    volume: volume!,
    spread: spread!,
  };
}

/** A context that records intents; `side` makes it hold one position of that side. */
export function recordingCtx(
  symbol: string,
  side: "buy" | "sell" | null = null,
): {
  ctx: StrategyContext;
  intents: OrderIntent[];
} {
  const intents: OrderIntent[] = [];
  const pos = side === null ? [] : [{ symbol, side } as unknown as Position];
  const ctx = {
    now: () => 0,
    submit: (i: OrderIntent) => {
      intents.push(i);
      return { accepted: true as const, orderIds: [] };
    },
    positions: () => pos,
    openOrders: () => [],
  } as unknown as StrategyContext;
  return { ctx, intents };
}
