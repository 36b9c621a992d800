/** A Sharpe ratio, or why there is none. */
export interface DailySharpe {
  /** annualised (√252), risk-free rate 0; null under `needed` returns or with no variance */
  value: number | null;
  /** the daily returns there were */
  days: number;
  needed: number;
}

/** Sharpe of daily returns, computed only from `minDays` of them on (fewer make it noise). */
export function dailySharpe(returns: readonly number[], minDays: number): DailySharpe {
  const n = returns.length;
  const out = { value: null, days: n, needed: minDays };
  if (n < minDays || n < 2) return out;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const variance = returns.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  // equal returns summed in floating point leave a variance of ~1e-36, not 0: that is no variance
  if (!(sd > 1e-12)) return out;
  return { ...out, value: Number(((mean / sd) * Math.sqrt(252)).toFixed(4)) };
}
