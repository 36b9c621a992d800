/** What CSCV keeps of a block of one trial's returns: enough to compute a mean or a Sharpe ratio. */
interface BlockSums {
  n: number;
  sum: number;
  sumSq: number;
}

/** A performance measure computed from summed blocks (the default: the Sharpe ratio per observation). */
export type BlockMetric = (s: BlockSums) => number;

export const sharpeOfSums: BlockMetric = (s) => {
  if (s.n === 0) return 0;
  const mean = s.sum / s.n;
  const variance = s.sumSq / s.n - mean * mean;
  return variance > 1e-300 ? mean / Math.sqrt(variance) : 0;
};

export const meanOfSums: BlockMetric = (s) => (s.n === 0 ? 0 : s.sum / s.n);

export interface CscvResult {
  /** S: the blocks the observations were cut into */
  blocks: number;
  /** observations used (the first T mod S are left out, as pypbo does) */
  observations: number;
  /** C(S, S/2) splits evaluated */
  splits: number;
  /** the probability of backtest overfitting: the share of splits whose in-sample best ranks at or below the out-of-sample median (logit ≤ 0) */
  pbo: number;
  /** per split: logit of the in-sample best's relative rank out of sample, w̄ = rank / (N + 1) */
  logits: number[];
  /** per split: the in-sample best's metric in sample and out of sample */
  bestInSample: number[];
  bestOutOfSample: number[];
  /** the share of splits in which the in-sample best loses out of sample (metric < 0) */
  probOosLoss: number;
  /** least-squares slope of out-of-sample on in-sample metric of the selected trial (degradation) */
  degradationSlope: number;
}

/** Ranks 1..N, ties given their average rank (as scipy's rankdata). */
function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const ranks = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

function* halves(s: number): Generator<number[]> {
  const pick: number[] = [];
  function* go(from: number): Generator<number[]> {
    if (pick.length === s / 2) {
      yield [...pick];
      return;
    }
    for (let i = from; i <= s - (s / 2 - pick.length); i++) {
      pick.push(i);
      yield* go(i + 1);
      pick.pop();
    }
  }
  yield* go(0);
}

function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, x) => a + x, 0) / n;
  const my = ys.reduce((a, y) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

/**
 * Combinatorially symmetric cross-validation (Bailey, Borwein, López de Prado and Zhu, "The Probability of
 * Backtest Overfitting", 2015), as pypbo (github.com/esvhd/pypbo) implements it: `returns[t][n]` is trial
 * n's return at observation t; the rows are cut into `blocks` (even) equal blocks, and every choice of half
 * of them is an in-sample set whose complement is out of sample.
 */
export function cscv(
  returns: readonly (readonly number[])[],
  blocks: number,
  metric: BlockMetric = sharpeOfSums,
): CscvResult {
  if (!Number.isInteger(blocks) || blocks < 2 || blocks % 2 !== 0)
    throw new RangeError(`CSCV needs an even number of blocks, got ${blocks}`);
  const trials = returns[0]?.length ?? 0;
  const skip = returns.length % blocks;
  const per = Math.floor(returns.length / blocks);
  if (per < 1 || trials < 2)
    throw new RangeError(
      `CSCV needs at least ${blocks} observations and 2 trials (got ${returns.length} and ${trials})`,
    );
  // sums[b][n]
  const sums: BlockSums[][] = Array.from({ length: blocks }, () =>
    Array.from({ length: trials }, () => ({ n: 0, sum: 0, sumSq: 0 })),
  );
  for (let t = skip; t < returns.length; t++) {
    const b = Math.floor((t - skip) / per);
    const row = returns[t]!;
    for (let n = 0; n < trials; n++) {
      const s = sums[b]![n]!;
      const x = row[n]!;
      s.n++;
      s.sum += x;
      s.sumSq += x * x;
    }
  }
  const total = (set: readonly number[], n: number): BlockSums => {
    const acc = { n: 0, sum: 0, sumSq: 0 };
    for (const b of set) {
      const s = sums[b]![n]!;
      acc.n += s.n;
      acc.sum += s.sum;
      acc.sumSq += s.sumSq;
    }
    return acc;
  };
  const logits: number[] = [];
  const bestInSample: number[] = [];
  const bestOutOfSample: number[] = [];
  for (const inSample of halves(blocks)) {
    const outOfSample = Array.from({ length: blocks }, (_, b) => b).filter((b) => !inSample.includes(b));
    const is = Array.from({ length: trials }, (_, n) => metric(total(inSample, n)));
    const oos = Array.from({ length: trials }, (_, n) => metric(total(outOfSample, n)));
    let best = 0;
    for (let n = 1; n < trials; n++) if (is[n]! > is[best]!) best = n;
    const w = averageRanks(oos)[best]! / (trials + 1);
    logits.push(Math.log(w / (1 - w)));
    bestInSample.push(is[best]!);
    bestOutOfSample.push(oos[best]!);
  }
  const splits = logits.length;
  return {
    blocks,
    observations: per * blocks,
    splits,
    pbo: logits.filter((l) => l <= 0).length / splits,
    logits,
    bestInSample,
    bestOutOfSample,
    probOosLoss: bestOutOfSample.filter((x) => x < 0).length / splits,
    degradationSlope: slope(bestInSample, bestOutOfSample),
  };
}
