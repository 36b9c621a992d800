/** Small statistics helpers shared by the conventions (plain double arithmetic, as numpy and C# use). */

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : sum(xs) / xs.length);

/** Variance with `ddof` degrees of freedom removed: 1 = sample (n − 1), 0 = population (n). */
export function variance(xs: readonly number[], ddof: 0 | 1): number {
  const n = xs.length;
  if (n - ddof <= 0) return Number.NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (n - ddof);
}

/** Sample covariance (n − 1). */
export function covariance(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return Number.NaN;
  const mx = mean(xs);
  const my = mean(ys);
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - mx) * (ys[i]! - my);
  return s / (n - 1);
}

/** Simple returns between consecutive values. */
export function pctChange(xs: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < xs.length; i++) out.push(xs[i]! / xs[i - 1]! - 1);
  return out;
}

/** Geometric mean return (exp of the mean log growth, minus 1); 0 when any growth factor is ≤ 0. */
export function geometricMean(returns: readonly number[]): number {
  if (returns.length === 0) return Number.NaN;
  let logs = 0;
  for (const r of returns) {
    const g = (Number.isNaN(r) ? 0 : r) + 1;
    if (g <= 0) return 0;
    logs += Math.log(g);
  }
  return Math.exp(logs / returns.length) - 1;
}

/** NaN (a division by zero or an empty set) becomes null: JSON has no NaN. */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
