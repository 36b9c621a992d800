import { HydraError } from "../core/errors.js";
import type { BarSeries, MarketSeries } from "../data/series.js";
import type { InstrumentSpec } from "../model/instrument.js";
import type { ClosedTrade } from "../model/position.js";
import type { StatsInput, StatsTrade } from "../portfolio/stats-input.js";

/** The bar at or before `time` (fills happen at a bar's open; a close at the end is the last bar). */
function barAt(time: readonly number[] | Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (time[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Throws CLI_USAGE unless the data is bars: the conventions read an equity value per bar. */
export function assertBarData(series: MarketSeries): asserts series is BarSeries {
  if (series.kind !== "bars")
    throw new HydraError("CLI_USAGE", "--stats-as needs bar data (an equity value per bar), not ticks", {
      field: "--stats-as",
    });
}

/**
 * A backtest's bars, its equity at every bar's close and its closed trades, as the statistics
 * conventions read them. Sizes are in units (lots × contract size); P&L is the ledger's net P&L.
 * `warmupBars` is 0: HYDRA's strategies do not declare a warm-up, so buy and hold starts at the first bar.
 * Orders are the fills (every HYDRA order that counts filled once); fees are the commission paid.
 */
export function backtestStatsInput(
  series: MarketSeries,
  spec: InstrumentSpec,
  equity: readonly number[],
  trades: readonly ClosedTrade[],
  costs: { fills: ReadonlyArray<{ time: number; value: number }>; commission: number },
): StatsInput {
  assertBarData(series);
  const time = Array.from(series.time);
  const statsTrades: StatsTrade[] = trades.map((t) => ({
    size: (t.side === "buy" ? 1 : -1) * t.volume * spec.contractSize,
    entryBar: barAt(time, t.openTime),
    exitBar: barAt(time, t.closeTime),
    entryPrice: t.openPrice,
    exitPrice: t.closePrice,
    commission: t.commission,
    pnl: t.netPnl,
  }));
  return {
    time,
    equity,
    close: Array.from(series.close),
    trades: statsTrades,
    warmupBars: 0,
    orders: costs.fills.length,
    fees: costs.commission,
    fills: costs.fills,
  };
}
