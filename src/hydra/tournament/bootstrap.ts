import { Prng } from "../../core/prng.js";

/** A mean with its bootstrap percentile interval. */
export interface MeanInterval {
  mean: number;
  low: number;
  high: number;
  /** the values resampled */
  n: number;
}

export interface BootstrapSettings {
  resamples: number;
  /** in (0, 1) */
  confidence: number;
  seed: number;
}

/**
 * The percentile bootstrap of a mean: `resamples` draws of n values with replacement (a seeded PRNG, so
 * the same values give the same interval), their means sorted, and the interval between the
 * (1 − confidence)/2 quantile and its mirror (2,000 resamples at 95 %: the 51st and the 1,950th mean).
 * Null for no values.
 */
export function bootstrapMeanInterval(values: readonly number[], s: BootstrapSettings): MeanInterval | null {
  const n = values.length;
  if (n === 0) return null;
  const prng = new Prng(s.seed);
  const means = new Float64Array(s.resamples);
  for (let r = 0; r < s.resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(prng.next() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const lowAt = Math.min(s.resamples - 1, Math.round(((1 - s.confidence) / 2) * s.resamples));
  return {
    mean: values.reduce((a, b) => a + b, 0) / n,
    low: means[lowAt]!,
    high: means[s.resamples - 1 - lowAt]!,
    n,
  };
}

/** The interval excludes 0: the difference is distinguishable from none at its confidence. */
export function excludesZero(i: MeanInterval): boolean {
  return i.low > 0 || i.high < 0;
}
