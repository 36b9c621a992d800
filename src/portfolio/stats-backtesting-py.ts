import { DAY_MS } from "../core/time.js";
import { covariance, finiteOrNull, geometricMean, mean, pctChange, sum, variance } from "./stats-math.js";
import { type StatsInput, type StatsTable, tradeReturn } from "./stats-input.js";

/**
 * backtesting.py's `compute_stats` (kernc/backtesting.py, backtesting/_stats.py), statistic by statistic,
 * under its labels. Definitions (all from the equity marked at every bar's close):
 * - Exposure Time: % of bars with a trade open, entry and exit bars included.
 * - Return: (last − first equity) / first. Buy & Hold: close from the warm-up bar to the last bar.
 * - Period returns: the last equity of each calendar period (day; week, month or year for weekly,
 *   monthly, yearly data), simple returns between them. Periods a year: 252 (365 when weekend bars make
 *   up more than 60% of 2/7 of the bars), 52, 12 or 1.
 * - Return (Ann.): (1 + geometric mean period return)^periods − 1.
 * - Volatility (Ann.): √((var + (1 + g)²)^periods − (1 + g)^(2·periods)), var the sample (n − 1) variance
 *   of the period returns and g their geometric mean (compounded, not √periods·σ).
 * - CAGR: (final / initial)^(1/years) − 1, years = (end − start) / 365.25 days.
 * - Sharpe: (Return (Ann.) − rf) / Volatility (Ann.). Sortino: (annual return − rf) / (√mean(min(r, 0)²) ·
 *   √periods). Calmar: annual return / max drawdown.
 * - Beta: cov(equity log returns, close log returns) / var(close log returns), every bar; Alpha (Jensen):
 *   Return − rf − β·(Buy & Hold − rf).
 * - Drawdown: 1 − equity / running peak. Max: its largest value; Avg: mean of each drawdown period's
 *   deepest point. A period runs from one bar at a peak to the next (or the last bar); durations are
 *   calendar time, rounded up to the data's resolution (days for daily bars).
 * - Trades: win rate by P&L > 0; best, worst, Expectancy (arithmetic) and Avg. Trade (geometric mean) of
 *   the trades' returns relative to entry price; Profit Factor = Σ positive returns / |Σ negative returns|
 *   (returns, not money); SQN = √n · mean(P&L) / sample sd(P&L); Kelly = W − (1 − W) / (mean win / mean
 *   loss). Durations: exit time − entry time, rounded up like drawdown durations.
 * Durations are given in days (fractional below daily resolution).
 */
export function backtestingPyStats(input: StatsInput): StatsTable {
  const { time, equity, close, trades } = input;
  const rf = input.riskFreeRate ?? 0;
  const n = equity.length;
  const period = dataPeriod(time);
  const unit = resolution(period);
  const ceilDays = (ms: number): number => (Math.ceil(ms / unit) * unit) / DAY_MS;

  // drawdowns
  const dd: number[] = [];
  let peak = Number.NEGATIVE_INFINITY;
  for (const e of equity) {
    peak = Math.max(peak, e);
    dd.push(1 - e / peak);
  }
  const zeros = dd.flatMap((d, i) => (d === 0 ? [i] : []));
  if (zeros[zeros.length - 1] !== n - 1) zeros.push(n - 1);
  const ddDurations: number[] = [];
  const ddPeaks: number[] = [];
  for (let k = 1; k < zeros.length; k++) {
    const [a, b] = [zeros[k - 1]!, zeros[k]!];
    if (b <= a + 1) continue;
    ddDurations.push(time[b]! - time[a]!);
    ddPeaks.push(Math.max(...dd.slice(a, b + 1)));
  }
  const maxDd = Math.max(0, ...dd);

  const exposed = new Uint8Array(n);
  for (const t of trades) exposed.fill(1, t.entryBar, t.exitBar + 1);

  const first = equity[0]!;
  const last = equity[n - 1]!;
  const returnPct = ((last - first) / first) * 100;
  const c0 = close[input.warmupBars]!;
  const buyHoldPct = ((close[n - 1]! - c0) / c0) * 100;

  const periods = periodsPerYear(time, period);
  const periodReturns = pctChange(lastPerPeriod(time, equity, periods));
  const g = geometricMean(periodReturns);
  const annual = (1 + g) ** periods - 1;
  const vol =
    Math.sqrt((variance(periodReturns, 1) + (1 + g) ** 2) ** periods - (1 + g) ** (2 * periods)) * 100;
  const durationMs = time[n - 1]! - time[0]!;
  const years = Math.floor(durationMs / 1000) / 86400 / 365.25;
  const downside = Math.sqrt(mean(periodReturns.map((r) => Math.min(r, 0) ** 2))) * Math.sqrt(periods);

  const logRet = (xs: readonly number[]) => xs.slice(1).map((x, i) => Math.log(x / xs[i]!));
  const eqLog = logRet(equity);
  const mkLog = logRet(close);
  const beta = eqLog.length > 1 ? covariance(eqLog, mkLog) / covariance(mkLog, mkLog) : Number.NaN;

  const pnl = trades.map((t) => t.pnl);
  const rets = trades.map(tradeReturn);
  const durations = trades.map((t) => time[t.exitBar]! - time[t.entryBar]!);
  const winRate = trades.length === 0 ? Number.NaN : pnl.filter((p) => p > 0).length / trades.length;
  const wins = pnl.filter((p) => p > 0);
  const losses = pnl.filter((p) => p < 0);
  const negReturns = Math.abs(sum(rets.filter((r) => r < 0)));

  const stats: Array<[string, number | string]> = [
    ["Start", new Date(time[0]!).toISOString()],
    ["End", new Date(time[n - 1]!).toISOString()],
    ["Duration", durationMs / DAY_MS],
    ["Exposure Time [%]", (sum(Array.from(exposed)) / n) * 100],
    ["Equity Final [$]", last],
    ["Equity Peak [$]", Math.max(...equity)],
    ["Return [%]", returnPct],
    ["Buy & Hold Return [%]", buyHoldPct],
    ["Return (Ann.) [%]", annual * 100],
    ["Volatility (Ann.) [%]", vol],
    ["CAGR [%]", years > 0 ? ((last / first) ** (1 / years) - 1) * 100 : Number.NaN],
    ["Sharpe Ratio", (annual * 100 - rf * 100) / vol],
    ["Sortino Ratio", (annual - rf) / downside],
    ["Calmar Ratio", annual / maxDd],
    ["Alpha [%]", returnPct - rf * 100 - beta * (buyHoldPct - rf * 100)],
    ["Beta", beta],
    ["Max. Drawdown [%]", -maxDd * 100],
    ["Avg. Drawdown [%]", -mean(ddPeaks) * 100],
    ["Max. Drawdown Duration", ceilDays(maxOf(ddDurations))],
    ["Avg. Drawdown Duration", ceilDays(sum(ddDurations) / ddDurations.length)],
    ["# Trades", trades.length],
    ["Win Rate [%]", winRate * 100],
    ["Best Trade [%]", maxOf(rets) * 100],
    ["Worst Trade [%]", -maxOf(rets.map((r) => -r)) * 100],
    ["Avg. Trade [%]", geometricMean(rets) * 100],
    ["Max. Trade Duration", ceilDays(maxOf(durations))],
    ["Avg. Trade Duration", ceilDays(sum(durations) / durations.length)],
    ["Profit Factor", sum(rets.filter((r) => r > 0)) / (negReturns === 0 ? Number.NaN : negReturns)],
    ["Expectancy [%]", mean(rets) * 100],
    ["SQN", (Math.sqrt(trades.length) * mean(pnl)) / Math.sqrt(variance(pnl, 1))],
    ["Kelly Criterion", winRate - (1 - winRate) / (mean(wins) / -mean(losses))],
  ];
  return stats.map(([name, value]) => ({
    name,
    value: typeof value === "string" ? value : finiteOrNull(value),
  }));
}

const maxOf = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : Math.max(...xs));

/** The median spacing of the last 100 bars (pandas' `_data_period`). */
function dataPeriod(time: readonly number[]): number {
  const t = time.slice(-100);
  const diffs = t
    .slice(1)
    .map((x, i) => x - t[i]!)
    .sort((a, b) => a - b);
  const m = diffs.length;
  if (m === 0) return DAY_MS;
  return m % 2 === 1 ? diffs[(m - 1) / 2]! : (diffs[m / 2 - 1]! + diffs[m / 2]!) / 2;
}

/** The finest non-zero unit of the period (day, hour, minute, second, ms): durations round up to it. */
function resolution(period: number): number {
  for (const unit of [DAY_MS, 3_600_000, 60_000, 1000]) if (period % unit === 0) return unit;
  return 1;
}

function periodsPerYear(time: readonly number[], period: number): number {
  const days = Math.floor(period / DAY_MS);
  if (days === 7) return 52;
  if (days === 31) return 12;
  if (days === 365) return 1;
  const weekend = time.filter((t) => {
    const d = new Date(t).getUTCDay();
    return d === 0 || d === 6;
  }).length;
  return weekend / time.length > (2 / 7) * 0.6 ? 365 : 252;
}

/** The last equity of each calendar period: day, week ending Sunday, month or year (pandas resample). */
function lastPerPeriod(time: readonly number[], equity: readonly number[], periods: number): number[] {
  const key = (t: number): number => {
    const d = new Date(t);
    if (periods === 12) return d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (periods === 1) return d.getUTCFullYear();
    const day = Math.floor(t / DAY_MS);
    return periods === 52 ? Math.floor((day + 3) / 7) : day;
  };
  const out: number[] = [];
  let prev = Number.NaN;
  time.forEach((t, i) => {
    const k = key(t);
    if (k === prev) out[out.length - 1] = equity[i]!;
    else out.push(equity[i]!);
    prev = k;
  });
  return out;
}
