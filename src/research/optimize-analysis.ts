import { type CscvResult, cscv } from "./cscv.js";
import { type DeflatedSharpe, deflatedSharpe, periodSharpe, returnMoments } from "./deflated-sharpe.js";
import { type OverfitVerdict, overfitVerdict } from "./overfit-verdict.js";
import type { ParamRange, TrialParams } from "./param-space.js";
import { type StabilityMap, stabilityMap } from "./stability-map.js";
import type { TimeRange, WalkForwardWindow } from "./walk-forward.js";

export const OBJECTIVES = ["sharpe", "return", "profit"] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** A segment of the data: the whole span, or window k's in-sample or out-of-sample range. */
export type Segment = "full" | `is${number}` | `oos${number}`;

/** What one backtest of one trial over one segment left: enough for every measure below. */
export interface SegmentOutcome {
  trial: number;
  segment: Segment;
  trades: number;
  netProfit: number;
  /** the accounting days, and each day's return (end equity ÷ start equity − 1) */
  days: string[];
  returns: number[];
}

export interface AnalysisInput {
  ranges: readonly ParamRange[];
  trials: readonly TrialParams[];
  windows: readonly WalkForwardWindow[];
  outcomes: readonly SegmentOutcome[];
  objective: Objective;
  /** a trial with fewer closed trades in a segment cannot be selected on it */
  minTrades: number;
  /** CSCV blocks (even) */
  cscvBlocks: number;
  /** the starting balance of every backtest (the stitched equity starts there) */
  cash: number;
  /** the heat map's axes (parameter names); the first two searched parameters by default */
  heatMapAxes?: readonly string[];
}

interface TrialSummary {
  trial: number;
  params: TrialParams;
  /** full span: the objective (null: fewer trades than the minimum), trades, net profit, annualised Sharpe */
  objective: number | null;
  trades: number;
  netProfit: number;
  sharpe: number;
}

interface WindowOutcome {
  index: number;
  inSample: TimeRange;
  outOfSample: TimeRange;
  /** the trial selected in sample (null: no trial had the minimum trade count) */
  trial: number | null;
  params: TrialParams | null;
  inSampleObjective: number | null;
  outOfSampleObjective: number | null;
  outOfSampleTrades: number;
  outOfSampleNetProfit: number;
}

interface EquityPoint {
  day: string;
  equity: number;
}

export interface OptimizeAnalysis {
  objective: Objective;
  minTrades: number;
  trials: TrialSummary[];
  /** the best trial over the full span: the parameters the search recommends */
  best: TrialSummary | null;
  windows: WindowOutcome[];
  /** the selected parameters' out-of-sample days, window after window, compounded from `cash` */
  stitchedEquity: EquityPoint[];
  /** mean out-of-sample objective ÷ mean in-sample objective of the selected trials (null: undefined) */
  efficiency: number | null;
  /** deflated Sharpe of the best trial, with what went into it */
  deflatedSharpe:
    | (DeflatedSharpe & {
        sharpe: number;
        observations: number;
        skew: number;
        kurtosis: number;
        trials: number;
        trialSharpeVariance: number;
      })
    | null;
  /** CSCV over the trials' daily returns on the full span (null: fewer than 2 trials or too few days) */
  pbo: Omit<CscvResult, "bestInSample" | "bestOutOfSample"> | null;
  heatMap: StabilityMap | null;
  verdict: OverfitVerdict;
}

const ANNUAL = Math.sqrt(252);

function objectiveOf(o: SegmentOutcome | undefined, kind: Objective): number | null {
  if (o === undefined) return null;
  if (kind === "profit") return o.netProfit;
  if (kind === "return") return (o.returns.reduce((e, r) => e * (1 + r), 1) - 1) * 100;
  return o.returns.length < 2 ? null : periodSharpe(o.returns) * ANNUAL;
}

const argmax = (xs: readonly (number | null)[]): number | null => {
  let best: number | null = null;
  xs.forEach((x, i) => {
    if (x !== null && Number.isFinite(x) && (best === null || x > xs[best]!)) best = i;
  });
  return best;
};

const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;

/** Every measure of a walk-forward optimisation, from the backtests' outcomes. */
export function analyseOptimization(input: AnalysisInput): OptimizeAnalysis {
  const { trials, objective, minTrades } = input;
  const by = new Map(input.outcomes.map((o) => [`${o.trial}/${o.segment}`, o]));
  const outcome = (trial: number, segment: Segment) => by.get(`${trial}/${segment}`);
  const eligible = (o: SegmentOutcome | undefined): number | null =>
    o === undefined || o.trades < minTrades ? null : objectiveOf(o, objective);

  const summaries: TrialSummary[] = trials.map((params, trial) => {
    const o = outcome(trial, "full");
    return {
      trial,
      params,
      objective: eligible(o),
      trades: o?.trades ?? 0,
      netProfit: o?.netProfit ?? 0,
      sharpe: o === undefined ? 0 : periodSharpe(o.returns) * ANNUAL,
    };
  });
  const bestIndex = argmax(summaries.map((s) => s.objective));
  const best = bestIndex === null ? null : summaries[bestIndex]!;

  const windows: WindowOutcome[] = input.windows.map((w) => {
    const chosen = argmax(trials.map((_, t) => eligible(outcome(t, `is${w.index}`))));
    const oos = chosen === null ? undefined : outcome(chosen, `oos${w.index}`);
    return {
      index: w.index,
      inSample: w.inSample,
      outOfSample: w.outOfSample,
      trial: chosen,
      params: chosen === null ? null : trials[chosen]!,
      inSampleObjective: chosen === null ? null : eligible(outcome(chosen, `is${w.index}`)),
      outOfSampleObjective: objectiveOf(oos, objective),
      outOfSampleTrades: oos?.trades ?? 0,
      outOfSampleNetProfit: oos?.netProfit ?? 0,
    };
  });

  const stitchedEquity: EquityPoint[] = [];
  let equity = input.cash;
  for (const w of windows) {
    if (w.trial === null) continue;
    const o = outcome(w.trial, `oos${w.index}`);
    o?.returns.forEach((r, i) => {
      equity *= 1 + r;
      stitchedEquity.push({ day: o.days[i]!, equity: Number(equity.toFixed(2)) });
    });
  }

  const paired = windows.filter((w) => w.inSampleObjective !== null && w.outOfSampleObjective !== null);
  const isMean = paired.length === 0 ? 0 : mean(paired.map((w) => w.inSampleObjective!));
  const efficiency =
    paired.length === 0 || !(isMean > 0) ? null : mean(paired.map((w) => w.outOfSampleObjective!)) / isMean;

  let dsr: OptimizeAnalysis["deflatedSharpe"] = null;
  const fullReturns = trials.map((_, t) => outcome(t, "full")?.returns ?? []);
  if (best !== null && fullReturns[best.trial]!.length >= 2) {
    const returns = fullReturns[best.trial]!;
    const m = returnMoments(returns);
    const sharpes = fullReturns.filter((r) => r.length >= 2).map((r) => periodSharpe(r));
    const sm = mean(sharpes);
    const variance =
      sharpes.length < 2 ? 0 : sharpes.reduce((a, s) => a + (s - sm) ** 2, 0) / (sharpes.length - 1);
    const sharpe = periodSharpe(returns);
    const d = deflatedSharpe({ sharpe, moments: m, trials: trials.length, trialSharpeVariance: variance });
    if (Number.isFinite(d.dsr))
      dsr = {
        ...d,
        sharpe,
        observations: m.n,
        skew: m.skew,
        kurtosis: m.kurtosis,
        trials: trials.length,
        trialSharpeVariance: variance,
      };
  }

  let pbo: OptimizeAnalysis["pbo"] = null;
  const dayIndex = new Map<string, number>();
  for (let t = 0; t < trials.length; t++)
    for (const d of outcome(t, "full")?.days ?? []) if (!dayIndex.has(d)) dayIndex.set(d, dayIndex.size);
  const days = [...dayIndex.keys()].sort();
  if (trials.length >= 2 && days.length >= 2 * input.cscvBlocks) {
    const row = new Map(days.map((d, i) => [d, i]));
    const matrix = days.map(() => new Array<number>(trials.length).fill(0));
    for (let t = 0; t < trials.length; t++) {
      const o = outcome(t, "full");
      o?.days.forEach((d, i) => {
        matrix[row.get(d)!]![t] = o.returns[i]!;
      });
    }
    const { bestInSample: _i, bestOutOfSample: _o, ...rest } = cscv(matrix, input.cscvBlocks);
    pbo = rest;
  }

  const heatMap =
    input.ranges.length === 0
      ? null
      : stabilityMap(
          input.ranges,
          trials,
          summaries.map((s) => s.objective),
          input.heatMapAxes,
        );
  const last = stitchedEquity.at(-1);
  return {
    objective,
    minTrades,
    trials: summaries,
    best,
    windows,
    stitchedEquity,
    efficiency,
    deflatedSharpe: dsr,
    pbo,
    heatMap,
    verdict: overfitVerdict({
      dsr: dsr?.dsr ?? null,
      pbo: pbo?.pbo ?? null,
      efficiency,
      oosLoss: last !== undefined && last.equity < input.cash,
    }),
  };
}
