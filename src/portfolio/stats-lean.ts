import { DAY_MS } from "../core/time.js";
import type { StatsInput, StatsTable } from "./stats-input.js";
import { covariance, mean, variance } from "./stats-math.js";

/** LEAN's trading days a year (its default `TradingDaysPerYear`) */
const DAYS = 252;

/**
 * QuantConnect LEAN's summary statistics (Common/Statistics: PortfolioStatistics, Statistics,
 * StatisticsBuilder), statistic by statistic. The equity series starts at the algorithm's start with the
 * starting cash; the benchmark is `close` (LEAN's default benchmark is SPY's price, rounded to 7
 * significant digits as LEAN's SmartRounding does). Definitions:
 * - Start Equity / End Equity: first and last equity value. Net Profit [%]: end / start − 1.
 * - Compounding Annual Return [%]: (end / start)^(1/years) − 1, years = (last − first time) / 365 days
 *   (calendar days, 365 a year; backtesting.py's CAGR uses 365.25).
 * - Drawdown [%]: the deepest fall below a running peak, value / peak − 1 (LEAN rounds the fraction to 3
 *   decimals). Drawdown Recovery [days]: the longest time from a peak to the first value back at or above
 *   it, whole days (truncated); a drawdown not yet recovered does not count.
 * - Daily returns: the last equity of each (UTC) day against the day before, the first day against the
 *   start; LEAN drops the first day (its orders at the open would misalign it with the benchmark), and
 *   the benchmark's returns likewise start on the second day. All the ratios below use these, 252 days a
 *   year, and the annual risk-free rate `riskFreeRate` (LEAN: the Fed's primary credit rate).
 * - Annual return (a) = (1 + mean daily return)^252 − 1 (arithmetic mean, compounded); Annual Variance =
 *   sample variance × 252, Annual Standard Deviation its root. Sharpe = (a − rf) / sd. Sortino = (a − rf)
 *   / √(252 × sample variance of the negative daily returns) (0 with fewer than two). Beta = cov / var
 *   of the benchmark's daily returns (sample). Alpha = a − (rf + β (benchmark a − rf)). Tracking Error =
 *   √(252 × sample variance of the daily differences); Information Ratio = (a − benchmark a) / tracking
 *   error; Treynor = (a − rf) / β. Probabilistic Sharpe: Φ((SR − 1/√252) / √((1 − γ₃·SR + (γ₄ − 1)/4 ·
 *   SR²) / (n − 1))), SR the daily (rf/252) Sharpe, γ₃, γ₄ the sample skewness and excess kurtosis.
 *   Each ratio is 0 where its divisor is 0, and all are 0 with fewer than two daily returns.
 * - Portfolio Turnover [%]: the mean over the days of the day's traded value / the day's closing equity.
 *   Total Orders, Total Fees: as the run reports them.
 */
export function leanStats(input: StatsInput): StatsTable {
  const { time, equity } = input;
  const start = equity[0]!;
  const end = equity[equity.length - 1]!;
  const years = (time[time.length - 1]! - time[0]!) / DAY_MS / 365;
  const { drawdown, recovery } = drawdownMetrics(time, equity);
  const days = dailyCloses(input);
  const ratios = dailyRatios(days, start, input.riskFreeRate ?? 0);
  return [
    { name: "Total Orders", value: input.orders ?? null },
    { name: "Start Equity", value: start },
    { name: "End Equity", value: end },
    { name: "Net Profit [%]", value: (end / start - 1) * 100 },
    {
      name: "Compounding Annual Return [%]",
      value: years > 0 ? ((end / start) ** (1 / years) - 1) * 100 : 0,
    },
    { name: "Drawdown [%]", value: drawdown * 100 },
    { name: "Drawdown Recovery [days]", value: recovery },
    ...ratios,
    { name: "Portfolio Turnover [%]", value: turnover(input, days) * 100 },
    { name: "Total Fees", value: input.fees ?? null },
  ];
}

function drawdownMetrics(time: readonly number[], equity: readonly number[]) {
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
  return { drawdown: Math.abs(maxDd), recovery: Math.trunc(recovery) };
}

interface DayClose {
  day: number;
  equity: number;
  benchmark: number;
}

/** The last equity and benchmark value of each UTC day, after the starting point. */
function dailyCloses(input: StatsInput): DayClose[] {
  const out: DayClose[] = [];
  for (let i = 1; i < input.time.length; i++) {
    const day = Math.floor(input.time[i]! / DAY_MS);
    const point = { day, equity: input.equity[i]!, benchmark: smartRound(input.close[i]!) };
    if (out.length > 0 && out[out.length - 1]!.day === day) out[out.length - 1] = point;
    else out.push(point);
  }
  return out;
}

function dailyRatios(days: readonly DayClose[], start: number, rf: number): StatsTable {
  const perf = days.map((d, k) => d.equity / (k === 0 ? start : days[k - 1]!.equity) - 1).slice(1);
  const bench = days.slice(1).map((d, k) => d.benchmark / days[k]!.benchmark - 1);
  const names = [
    "Sharpe Ratio",
    "Sortino Ratio",
    "Probabilistic Sharpe Ratio [%]",
    "Alpha",
    "Beta",
    "Annual Standard Deviation",
    "Annual Variance",
    "Information Ratio",
    "Tracking Error",
    "Treynor Ratio",
  ];
  if (perf.length < 2) return names.map((name) => ({ name, value: 0 }));
  const zeroIfBad = (x: number): number => (Number.isFinite(x) ? x : 0);
  const annual = (xs: readonly number[]): number => (mean(xs) + 1) ** DAYS - 1;
  const a = annual(perf);
  const benchA = annual(bench);
  const annualVar = zeroIfBad(variance(perf, 1) * DAYS);
  const sd = Math.sqrt(annualVar);
  const downside = Math.sqrt(
    zeroIfBad(
      variance(
        perf.filter((r) => r < 0),
        1,
      ) * DAYS,
    ),
  );
  const benchVar = variance(bench, 1);
  const beta = benchVar > 0 ? covariance(perf, bench) / benchVar : 0;
  const te = Math.sqrt(
    zeroIfBad(
      variance(
        perf.map((r, i) => r - bench[i]!),
        1,
      ) * DAYS,
    ),
  );
  const values = [
    sd === 0 ? 0 : (a - rf) / sd,
    downside === 0 ? 0 : (a - rf) / downside,
    probabilisticSharpe(perf, 1 / Math.sqrt(DAYS), rf / DAYS) * 100,
    beta === 0 ? 0 : a - (rf + beta * (benchA - rf)),
    beta,
    sd,
    annualVar,
    te === 0 ? 0 : (a - benchA) / te,
    te,
    beta === 0 ? 0 : (a - rf) / beta,
  ];
  return names.map((name, i) => ({ name, value: values[i]! }));
}

function probabilisticSharpe(perf: readonly number[], benchmarkSharpe: number, rfDaily: number): number {
  const n = perf.length;
  const m = mean(perf);
  const s = Math.sqrt(variance(perf, 1));
  if (!(s > 0)) return 0;
  const sr = (m - rfDaily) / s;
  const z = perf.map((x) => (x - m) / s);
  const skew = n > 2 ? (n / ((n - 1) * (n - 2))) * z.reduce((acc, x) => acc + x ** 3, 0) : Number.NaN;
  const kurt =
    n > 3
      ? ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * z.reduce((acc, x) => acc + x ** 4, 0) -
        (3 * (n - 1) ** 2) / ((n - 2) * (n - 3))
      : Number.NaN;
  const sdEstimate = Math.sqrt((1 - skew * sr + ((kurt - 1) / 4) * sr * sr) / (n - 1));
  if (!Number.isFinite(sdEstimate) || sdEstimate === 0) return 0;
  return normalCdf((sr - benchmarkSharpe) / sdEstimate);
}

/** Φ(x) through erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7) */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** LEAN's SmartRounding: 4 decimals above 1000, else 7 significant digits (halves away from zero; LEAN's to even). */
function smartRound(x: number): number {
  if (x > 1000) return Math.round(x * 1e4) / 1e4;
  if (x === 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(x))) + 1);
  return scale * (Math.round((x / scale) * 1e7) / 1e7);
}

/** Mean over the days of (value traded that day) / (that day's closing equity). */
function turnover(input: StatsInput, days: readonly DayClose[]): number {
  if (days.length === 0 || input.fills === undefined) return 0;
  const traded = new Map<number, number>();
  for (const f of input.fills) {
    const day = Math.floor(f.time / DAY_MS);
    traded.set(day, (traded.get(day) ?? 0) + f.value);
  }
  return mean(days.map((d) => (traded.get(d.day) ?? 0) / d.equity));
}
