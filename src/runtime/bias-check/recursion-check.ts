import { toIsoUtc } from "../../core/time.js";
import { sliceBars } from "./bar-series.js";
import { type CheckTarget, recordRun, relativeDifference } from "./check-target.js";
import type { BiasFinding } from "./lookahead-check.js";

export interface RecursionResult {
  label: string;
  bars: number;
  /** the bar compared (the last one), ISO UTC */
  bar: string | null;
  /** per warm-up length (bars before the compared bar, itself included): the largest relative difference */
  startups: Array<{ bars: number; maxDifference: number; worst: string | null }>;
  tolerance: number;
  findings: BiasFinding[];
  passed: boolean;
}

/**
 * freqtrade's recursive-analysis: the strategy's indicator values at the last bar, computed from all the
 * data and from only the last `startup` bars, for each warm-up length. Recursive indicators (EMA, Wilder's
 * ATR) converge as the warm-up grows; values that still differ by more than `tolerance` (relative) need a
 * longer warm-up than that before a backtest's first trade, or never settle (a running total).
 */
export function recursionCheck(
  target: CheckTarget,
  opts: { startups: readonly number[]; tolerance?: number },
): RecursionResult {
  const { bars } = target;
  const tolerance = opts.tolerance ?? 1e-9;
  const n = bars.length;
  const last = n > 0 ? bars.time[n - 1]! : Number.NaN;
  const reference = n > 0 ? (recordRun(target, bars).indicators.get(last) ?? {}) : {};
  const startups: RecursionResult["startups"] = [];
  const findings: BiasFinding[] = [];
  for (const startup of opts.startups) {
    if (startup >= n) continue;
    const values = recordRun(target, sliceBars(bars, n - startup, n)).indicators.get(last) ?? {};
    let maxDifference = 0;
    let worst: string | null = null;
    for (const name of new Set([...Object.keys(reference), ...Object.keys(values)])) {
      const x = reference[name] ?? Number.NaN;
      const y = values[name] ?? Number.NaN;
      const d = relativeDifference(x, y);
      if (d > maxDifference) {
        maxDifference = d;
        worst = name;
      }
      if (d > tolerance)
        findings.push({
          bar: toIsoUtc(last),
          kind: "indicator",
          name: `${name} (warm-up ${startup} bars)`,
          full: String(x),
          cut: String(y),
        });
    }
    startups.push({ bars: startup, maxDifference, worst });
  }
  return {
    label: target.label,
    bars: n,
    bar: n > 0 ? toIsoUtc(last) : null,
    startups,
    tolerance,
    findings,
    passed: findings.length === 0,
  };
}
