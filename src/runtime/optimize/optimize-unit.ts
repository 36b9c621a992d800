import { DayBoundary } from "../../core/time.js";
import type { MarketSeries } from "../../data/series.js";
import { sliceSeries } from "../../data/slice-series.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import type { Timeframe } from "../../model/market-data.js";
import type { Segment, SegmentOutcome } from "../../research/optimize-analysis.js";
import type { TrialParams } from "../../research/param-space.js";
import { PRE_TRADE_RISK_CONFIG } from "../../risk/risk-config.js";
import { strategyDefinition } from "../../strategies/registry.js";
import { runBacktest } from "../backtest.js";

/** What every backtest of an optimisation shares; plain data, so it crosses to a worker thread. */
export interface OptimizeBase {
  strategy: string;
  /** parameters held fixed (`--param`), as typed */
  fixedParams: Readonly<Record<string, string>>;
  spec: InstrumentSpec;
  cash: number;
  spread: number;
  slippageTicks: number;
  timeframe?: Timeframe;
  /** the accounting day's zone (daily returns) */
  dayTz: string;
}

/** One backtest: a trial's parameters over one segment [startMs, endMs). */
export interface OptimizeUnit {
  trial: number;
  segment: Segment;
  params: TrialParams;
  startMs: number;
  endMs: number;
}

/**
 * Runs one unit through the same backtest as `hydra backtest` (the node builder's kernel), closing what is
 * open at the segment's end so its profit is realised; the daily returns come from the ledger's days.
 */
export function runOptimizeUnit(
  series: MarketSeries,
  base: OptimizeBase,
  unit: OptimizeUnit,
): SegmentOutcome {
  const part = sliceSeries(series, unit.startMs, unit.endMs);
  const empty = { trial: unit.trial, segment: unit.segment, trades: 0, netProfit: 0, days: [], returns: [] };
  if (part.length === 0) return empty;
  const definition = strategyDefinition(base.strategy);
  const raw = {
    ...base.fixedParams,
    ...Object.fromEntries(Object.entries(unit.params).map(([k, v]) => [k, String(v)])),
  };
  const r = runBacktest({
    series: part,
    spec: base.spec,
    strategy: (symbol, tf) => definition.create(symbol, tf, raw),
    ...(base.timeframe === undefined ? {} : { timeframe: base.timeframe }),
    cash: base.cash,
    spread: base.spread,
    slippageTicks: base.slippageTicks,
    closeAtEnd: true,
    day: new DayBoundary(base.dayTz, 0),
    ...(definition.sizedByRisk === true ? { riskConfig: PRE_TRADE_RISK_CONFIG } : {}),
  });
  return {
    ...empty,
    trades: r.trades.length,
    netProfit: Number((r.finalEquity - r.initialBalance).toFixed(2)),
    days: r.days.map((d) => d.day),
    returns: r.days.map((d) => (d.startEquity > 0 ? d.endEquity / d.startEquity - 1 : 0)),
  };
}
