import { normalCdf, normalQuantile } from "./normal.js";

/** The moments of a return series that the Sharpe ratio's sampling error depends on. */
export interface ReturnMoments {
  /** observations */
  n: number;
  mean: number;
  /** standard deviation (population, as the moments below) */
  sd: number;
  /** γ3 */
  skew: number;
  /** γ4, not in excess: 3 for a normal distribution */
  kurtosis: number;
}

export function returnMoments(xs: readonly number[]): ReturnMoments {
  const n = xs.length;
  if (n === 0) return { n, mean: 0, sd: 0, skew: 0, kurtosis: 3 };
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return m2 > 0
    ? { n, mean, sd: Math.sqrt(m2), skew: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) }
    : { n, mean, sd: 0, skew: 0, kurtosis: 3 };
}

/** The Sharpe ratio per observation (not annualised); 0 for a series without variance. */
export function periodSharpe(xs: readonly number[]): number {
  const m = returnMoments(xs);
  return m.sd > 0 ? m.mean / m.sd : 0;
}

/**
 * The probabilistic Sharpe ratio (Bailey and López de Prado, "The Sharpe Ratio Efficient Frontier", 2012):
 * the probability that the true Sharpe ratio exceeds `benchmark`, given an estimate `sharpe` from `n`
 * observations of returns with skewness γ3 and kurtosis γ4 (all per observation, not annualised).
 */
export function probabilisticSharpe(
  sharpe: number,
  benchmark: number,
  m: Pick<ReturnMoments, "n" | "skew" | "kurtosis">,
): number {
  const denom = 1 - m.skew * sharpe + ((m.kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(denom > 0) || m.n < 2) return Number.NaN;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(m.n - 1)) / Math.sqrt(denom));
}

const EULER_GAMMA = 0.5772156649015329;

/**
 * The expected maximum of `trials` independent standard normal draws (the false strategy theorem's
 * approximation): (1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)); 0 for a single trial.
 */
export function expectedMaxStandardNormal(trials: number): number {
  if (trials <= 1) return 0;
  return (
    (1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) +
    EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E))
  );
}

export interface DeflatedSharpeInput {
  /** the selected trial's Sharpe ratio per observation */
  sharpe: number;
  /** observations of the selected trial's returns, with their skewness and kurtosis */
  moments: Pick<ReturnMoments, "n" | "skew" | "kurtosis">;
  /** how many trials the selection was made from */
  trials: number;
  /** the variance of the trials' Sharpe ratios (per observation) */
  trialSharpeVariance: number;
}

export interface DeflatedSharpe {
  /** SR0: the Sharpe ratio the best of `trials` skill-less trials is expected to reach */
  benchmark: number;
  /** the probability that the true Sharpe ratio exceeds SR0 */
  dsr: number;
}

/**
 * The deflated Sharpe ratio (Bailey and López de Prado, "The Deflated Sharpe Ratio: Correcting for Selection
 * Bias, Backtest Overfitting and Non-Normality", 2014): the probabilistic Sharpe ratio against SR0 =
 * √V[SR_n] · E[max of N standard normals].
 */
export function deflatedSharpe(input: DeflatedSharpeInput): DeflatedSharpe {
  const benchmark =
    Math.sqrt(Math.max(0, input.trialSharpeVariance)) * expectedMaxStandardNormal(input.trials);
  return { benchmark, dsr: probabilisticSharpe(input.sharpe, benchmark, input.moments) };
}
