import type { BarSeries } from "../../data/series.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import { DEFAULT_RISK_CONFIG } from "../../risk/risk-config.js";
import type { Strategy } from "../../strategies/strategy.js";
import { runBacktest } from "../backtest.js";
import { recordingStrategy, SignalRecording } from "./recording-strategy.js";

/** One strategy on one symbol's bars, as the lookahead and recursion checks run it. */
export interface CheckTarget {
  /** "hf-scalper on XAUUSD" */
  label: string;
  bars: BarSeries;
  spec: InstrumentSpec;
  /**
   * Builds a fresh strategy for a run over `bars` (the data that run sees: all of it, or cut short). A
   * sound strategy ignores it; one that computes over the whole data set, as a vectorised backtest does,
   * is handed exactly what the run holds, so the checks see what it would have seen live.
   */
  strategy: (bars: BarSeries) => Strategy;
  /** initial balance (default 100,000) */
  cash?: number;
}

/**
 * Runs the target over `bars` through the backtest kernel with the default risk layer (so that risk-sized
 * intents open positions, as they do in a backtest) and records its signals and indicator values.
 */
export function recordRun(target: CheckTarget, bars: BarSeries): SignalRecording {
  const rec = new SignalRecording();
  runBacktest({
    series: bars,
    spec: target.spec,
    strategy: () => recordingStrategy(target.strategy(bars), rec),
    cash: target.cash ?? 100_000,
    riskConfig: DEFAULT_RISK_CONFIG,
  });
  return rec;
}

/** Two indicator values are the same when both are NaN or they are equal within `tolerance` (relative). */
export function relativeDifference(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.POSITIVE_INFINITY;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}
