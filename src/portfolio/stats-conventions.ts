import { HydraError } from "../core/errors.js";
import { backtestingPyStats } from "./stats-backtesting-py.js";
import { backtraderStats } from "./stats-backtrader.js";
import { leanStats } from "./stats-lean.js";
import type { StatsInput, StatsTable } from "./stats-input.js";

/**
 * The statistics conventions HYDRA can compute, one per peer engine, so a user can say "compute it as
 * backtesting.py does". Peers disagree on annualisation, the risk-free rate, sample or population
 * variance, which returns a ratio uses and how durations round; each convention module documents its
 * definitions statistic by statistic, and the conformance tests (src/runtime/peers/*.test.ts) hold each
 * one to its peer's published numbers:
 * - "backtrader": final broker value, TradeAnalyzer counts, DrawDown analyzer (stats-backtrader.ts).
 * - "backtesting.py": its `compute_stats`, 252 periods a year, compounded annual return and volatility,
 *   sample variance, rf 0 (stats-backtesting-py.ts).
 * - "lean": QuantConnect LEAN's summary: net profit, compounding annual return over 365-day years,
 *   drawdown and its recovery, and from daily returns (first day dropped, 252 a year, sample variance,
 *   arithmetic mean compounded) Sharpe, Sortino, PSR, alpha, beta, tracking error, information and
 *   Treynor ratios; turnover, orders and fees (stats-lean.ts).
 * HYDRA's own summary (`computeStats` in stats.ts: √252-annualised Sharpe of daily returns over the
 * sample standard deviation, rf 0) stays the default when no convention is asked for.
 */
export const STATS_CONVENTIONS = ["backtrader", "backtesting.py", "lean"] as const;

export type StatsConvention = (typeof STATS_CONVENTIONS)[number];

const COMPUTE: Record<StatsConvention, (input: StatsInput) => StatsTable> = {
  backtrader: backtraderStats,
  "backtesting.py": backtestingPyStats,
  lean: leanStats,
};

/** Every statistic of `convention`, computed from the run's equity curve, closes and trades. */
export function statsAs(convention: StatsConvention, input: StatsInput): StatsTable {
  if (input.equity.length === 0 || input.equity.length !== input.time.length)
    throw new HydraError("CONFIG_INVALID", "statistics need one equity value per bar, and at least one bar", {
      field: "equity",
    });
  return COMPUTE[convention](input);
}
