import { DAY_MS } from "../core/time.js";
import type { StatsInput, StatsTable } from "./stats-input.js";

/**
 * QuantConnect LEAN's summary statistics (Common/Statistics: PortfolioStatistics, Statistics), the ones
 * that follow from the equity series alone. The equity series starts at the algorithm's start with the
 * starting cash. Definitions:
 * - Start Equity / End Equity: first and last equity value. Net Profit [%]: end / start − 1.
 * - Compounding Annual Return [%]: (end / start)^(1/years) − 1, years = (last − first time) / 365 days
 *   (calendar days, 365 a year; backtesting.py's CAGR uses 365.25).
 * - Drawdown [%]: the deepest fall below a running peak, value / peak − 1 (LEAN rounds the fraction to 3
 *   decimals). Drawdown Recovery [days]: the longest time from a peak to the first value back at or above
 *   it, whole days (truncated); a drawdown not yet recovered does not count.
 * - Total Orders, Total Fees: as the run reports them.
 * Not computed: Sharpe, Sortino, PSR, alpha, beta, tracking error, information and Treynor ratios,
 * turnover. LEAN computes them from its daily performance chart (first two days dropped), a benchmark
 * series and the FED primary credit rate file; the shared reference data has none of these.
 */
export function leanStats(input: StatsInput): StatsTable {
  const { time, equity } = input;
  const start = equity[0]!;
  const end = equity[equity.length - 1]!;
  const years = (time[time.length - 1]! - time[0]!) / DAY_MS / 365;
  let peak = equity[0]!;
  let peakTime = time[0]!;
  let ddStart: number | null = null;
  let maxDd = 0;
  let recovery = 0;
  equity.forEach((e, i) => {
    if (e >= peak) {
      if (ddStart !== null) {
        recovery = Math.max(recovery, (time[i]! - ddStart) / DAY_MS);
        ddStart = null;
      }
      peak = e;
      peakTime = time[i]!;
    }
    const dd = e / peak - 1;
    if (dd < 0) {
      maxDd = Math.min(maxDd, dd);
      ddStart ??= peakTime;
    }
  });
  return [
    { name: "Total Orders", value: input.orders ?? null },
    { name: "Start Equity", value: start },
    { name: "End Equity", value: end },
    { name: "Net Profit [%]", value: (end / start - 1) * 100 },
    {
      name: "Compounding Annual Return [%]",
      value: years > 0 ? ((end / start) ** (1 / years) - 1) * 100 : 0,
    },
    { name: "Drawdown [%]", value: Math.abs(maxDd) * 100 },
    { name: "Drawdown Recovery [days]", value: Math.trunc(recovery) },
    { name: "Total Fees", value: input.fees ?? null },
  ];
}
