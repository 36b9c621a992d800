import { createHash } from "node:crypto";
import { HydraError } from "../../core/errors.js";
import type { MarketSeries } from "../../data/series.js";
import { shareSeries } from "../../data/slice-series.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import type { OptimizeStore } from "../../persistence/optimize-store.js";
import {
  analyseOptimization,
  type Objective,
  type OptimizeAnalysis,
  type Segment,
  type SegmentOutcome,
} from "../../research/optimize-analysis.js";
import { gridTrials, type ParamRange, randomTrials, type TrialParams } from "../../research/param-space.js";
import {
  type WalkForwardSpec,
  type WalkForwardWindow,
  walkForwardWindows,
} from "../../research/walk-forward.js";
import type { OptimizeBase, OptimizeUnit } from "./optimize-unit.js";
import { runUnits } from "./run-units.js";

type Sampler = "grid" | "random";

export interface OptimizeRequest {
  series: MarketSeries;
  spec: InstrumentSpec;
  /** "synthetic market (seed 1, 30 days)" or the file */
  origin: string;
  /** what identifies the data (a file's path, size and modification time; the synthetic market's settings) */
  dataIdentity: string;
  base: Omit<OptimizeBase, "spec">;
  ranges: readonly ParamRange[];
  sampler: Sampler;
  /** random search: trials to draw */
  trials: number;
  seed: number;
  walkForward: WalkForwardSpec;
  objective: Objective;
  minTrades: number;
  cscvBlocks: number;
  heatMapAxes?: readonly string[];
  workers: number;
  /** opens where the results are kept (the SQLite file, or PostgreSQL); closed at the end */
  openStore: () => OptimizeStore;
  /** a run id to resume: it must be the run these settings make */
  resume?: string;
  stop: Promise<void>;
  /** runs the units elsewhere (on queue workers) instead of on `workers` worker threads */
  unitRunner?: UnitRunner;
  /** called once the plan is known, and after every finished backtest */
  onProgress?: (p: { runId: string; done: number; total: number; reused: number }) => void;
}

/** Everything a report needs: the plan, each backtest's trial, the windows, every guard. */
export interface OptimizeResult extends OptimizeAnalysis {
  runId: string;
  strategy: string;
  symbol: string;
  origin: string;
  sampler: Sampler;
  walkForward: WalkForwardSpec;
  ranges: ParamRange[];
  backtests: { total: number; reused: number };
}

/** Runs units, handing each outcome over as it arrives; "stopped" when `stop` resolved first. */
export type UnitRunner = (
  base: OptimizeBase,
  units: readonly OptimizeUnit[],
  onOutcome: (o: SegmentOutcome) => void,
  stop: Promise<void>,
) => Promise<"done" | "stopped">;

export type OptimizeOutcome =
  | { status: "done"; result: OptimizeResult }
  | { status: "stopped"; runId: string; done: number; total: number };

function planUnits(
  trials: readonly TrialParams[],
  windows: readonly WalkForwardWindow[],
  startMs: number,
  endMs: number,
): OptimizeUnit[] {
  const units: OptimizeUnit[] = [];
  trials.forEach((params, trial) => {
    units.push({ trial, segment: "full", params, startMs, endMs });
    for (const w of windows) {
      units.push({ trial, segment: `is${w.index}`, params, ...w.inSample });
      units.push({ trial, segment: `oos${w.index}`, params, ...w.outOfSample });
    }
  });
  return units;
}

/**
 * A walk-forward optimisation: every trial over the full span and over each window's in-sample and
 * out-of-sample ranges, on worker threads, each finished backtest saved to the database at once; a run with
 * the same settings (the same run id) skips what is saved. Then the analysis (research/optimize-analysis).
 */
export async function runOptimize(req: OptimizeRequest): Promise<OptimizeOutcome> {
  const { series } = req;
  if (series.length < 2)
    throw new HydraError("CONFIG_INVALID", "the data has fewer than 2 rows: nothing to optimise", {
      field: "--data",
    });
  const startMs = series.time[0]!;
  const endMs = series.time[series.length - 1]! + 1;
  const trials =
    req.sampler === "grid" ? gridTrials(req.ranges) : randomTrials(req.ranges, req.trials, req.seed);
  const windows = walkForwardWindows(startMs, endMs, req.walkForward);
  const units = planUnits(trials, windows, startMs, endMs);
  const base: OptimizeBase = { ...req.base, spec: req.spec };
  // everything the backtests depend on; the analysis settings (objective, minimum trades, CSCV) are not
  const config = JSON.stringify({ v: 1, data: req.dataIdentity, rows: series.length, base, trials, windows });
  const runId = createHash("sha256").update(config).digest("hex").slice(0, 12);
  const store = req.openStore();
  try {
    if (req.resume !== undefined && req.resume !== runId) {
      const known = store.runConfig(req.resume) !== undefined;
      throw new HydraError(
        "CLI_USAGE",
        known
          ? `--resume ${req.resume}: that run was started with other settings (these make run ${runId}); repeat its command line`
          : `--resume ${req.resume}: no such optimisation run in ${store.where}`,
        { field: "--resume" },
      );
    }
    store.startRun(runId, config, units.length);
    const outcomes: SegmentOutcome[] = store
      .units(runId)
      .map((u) => ({ ...u, segment: u.segment as Segment }));
    const finished = new Set(outcomes.map((o) => `${o.trial}/${o.segment}`));
    const todo = units.filter((u) => !finished.has(`${u.trial}/${u.segment}`));
    const reused = units.length - todo.length;
    let done = reused;
    req.onProgress?.({ runId, done, total: units.length, reused });
    const run: UnitRunner =
      req.unitRunner ?? ((b, u, on, stop) => runUnits(shareSeries(series), b, u, req.workers, on, stop));
    const status = await run(
      base,
      todo,
      (o) => {
        store.saveUnit(runId, { ...o, params: JSON.stringify(trials[o.trial]) });
        outcomes.push(o);
        done++;
        req.onProgress?.({ runId, done, total: units.length, reused });
      },
      req.stop,
    );
    if (status === "stopped") return { status, runId, done, total: units.length };
    const analysis = analyseOptimization({
      ranges: req.ranges,
      trials,
      windows,
      outcomes,
      objective: req.objective,
      minTrades: req.minTrades,
      cscvBlocks: req.cscvBlocks,
      cash: req.base.cash,
      ...(req.heatMapAxes === undefined ? {} : { heatMapAxes: req.heatMapAxes }),
    });
    return {
      status: "done",
      result: {
        runId,
        strategy: req.base.strategy,
        symbol: req.spec.symbol,
        origin: req.origin,
        sampler: req.sampler,
        walkForward: req.walkForward,
        ranges: [...req.ranges],
        backtests: { total: units.length, reused },
        ...analysis,
      },
    };
  } finally {
    store.close();
  }
}
