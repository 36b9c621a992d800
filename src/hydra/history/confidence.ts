/** Two-sided 95% critical values of Student's t by degrees of freedom (1–30); beyond, the normal 1.96. */
const T95: readonly number[] = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function t95(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T95[df - 1]!;
  if (df <= 40) return 2.021;
  if (df <= 60) return 2.0;
  if (df <= 120) return 1.98;
  return 1.96;
}

export interface MeanCi {
  n: number;
  mean: number;
  /** sample standard deviation (n − 1) */
  sd: number;
  /** 95% interval for the mean (t-distribution); NaN bounds for n < 2 */
  low: number;
  high: number;
  halfWidth: number;
}

export function meanCi95(xs: readonly number[]): MeanCi {
  const n = xs.length;
  const mean = n === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? Number.NaN : Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const halfWidth = n < 2 ? Number.NaN : (t95(n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, low: mean - halfWidth, high: mean + halfWidth, halfWidth };
}
