import type { PathCounts } from "./simulate-shard.js";

/** A share of the paths with its binomial standard error, √(p(1 − p) / n). */
export interface Estimate {
  readonly probability: number;
  readonly standardError: number;
}

function estimate(hits: number, paths: number): Estimate {
  if (paths <= 0) return { probability: 0, standardError: 0 };
  const p = hits / paths;
  return { probability: p, standardError: Math.sqrt((p * (1 - p)) / paths) };
}

interface DaysToPass {
  readonly p10: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly mean: number;
}

export interface SimulationSummary {
  readonly paths: number;
  readonly pass: Estimate;
  readonly failDaily: Estimate;
  readonly failMaxLoss: Estimate;
  readonly notFinished: Estimate;
  /** per phase, in order: the share of paths that passed it */
  readonly phasePass: readonly Estimate[];
  /** among the paths that passed (null when none did); nearest-rank percentiles */
  readonly daysToPass: DaysToPass | null;
}

function percentile(hist: readonly number[], total: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let d = 0; d < hist.length; d++) {
    seen += hist[d] ?? 0;
    if (seen >= rank) return d;
  }
  return hist.length - 1;
}

export function summarize(c: PathCounts): SimulationSummary {
  const n = c.paths;
  let daysToPass: DaysToPass | null = null;
  if (c.passed > 0) {
    const h = c.daysToPass;
    const mean = h.reduce((s, v, d) => s + v * d, 0) / c.passed;
    daysToPass = {
      p10: percentile(h, c.passed, 0.1),
      p25: percentile(h, c.passed, 0.25),
      p50: percentile(h, c.passed, 0.5),
      p75: percentile(h, c.passed, 0.75),
      p90: percentile(h, c.passed, 0.9),
      mean,
    };
  }
  return {
    paths: n,
    pass: estimate(c.passed, n),
    failDaily: estimate(c.failedDaily, n),
    failMaxLoss: estimate(c.failedMaxLoss, n),
    notFinished: estimate(c.notFinished, n),
    phasePass: c.phasePassed.map((k) => estimate(k, n)),
    daysToPass,
  };
}

/**
 * The expected fees paid until funded, retrying after each failure: attempts are geometric with mean
 * 1 / passProbability, so fee / passProbability; its standard error by the delta method, fee × SE / p².
 * Null when no path passed.
 */
export function expectedCostToFunded(
  fee: number,
  pass: Estimate,
): { cost: number; standardError: number } | null {
  if (pass.probability <= 0) return null;
  const p = pass.probability;
  return { cost: fee / p, standardError: (fee * pass.standardError) / (p * p) };
}
