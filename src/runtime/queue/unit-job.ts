import { HydraError } from "../../core/errors.js";
import { defaultCacheDir } from "../../data/cache/cached-read.js";
import type { SegmentOutcome } from "../../research/optimize-analysis.js";
import {
  type PathCounts,
  type SimulationSpec,
  simulateShard,
} from "../../risk/prop-firm/simulate/simulate-shard.js";
import { type LoadedMarket, loadMarket, type MarketSource } from "../load-market.js";
import { type OptimizeBase, type OptimizeUnit, runOptimizeUnit } from "../optimize/optimize-unit.js";

/**
 * One job of a sweep on the queue; plain JSON. An optimisation job is a block of consecutive units (a
 * block of trials with their windows) and names the data as the submitter loaded it (a file path, which
 * must be reachable on the worker's machine, or the synthetic market's settings) and the rows it had, so
 * a worker with other data fails the job instead of counting it.
 */
export type UnitJob =
  | {
      kind: "optimize";
      market: Omit<MarketSource, "cacheDir">;
      rows: number;
      base: OptimizeBase;
      units: OptimizeUnit[];
    }
  | { kind: "simulate"; spec: SimulationSpec; shard: number; shards: number };

/** an optimisation block's outcomes, in its units' order; a simulation block's counts */
export type UnitResult = SegmentOutcome[] | PathCounts;

const MARK = "\u0000number:";

/**
 * JSON that keeps every number as it is: ±Infinity (a spec's "no day cap"), NaN and -0 travel as marked
 * strings, so a job's input and result are bit for bit those of the in-process run.
 */
export function encodeExact(value: unknown): string {
  return JSON.stringify(value, (_, x: unknown) =>
    typeof x === "number" && (!Number.isFinite(x) || Object.is(x, -0))
      ? `${MARK}${Object.is(x, -0) ? "-0" : String(x)}`
      : x,
  );
}

export function decodeExact<T>(text: string): T {
  return JSON.parse(text, (_, x: unknown) =>
    typeof x === "string" && x.startsWith(MARK) ? Number(x.slice(MARK.length)) : x,
  ) as T;
}

/** a worker process keeps the last market it loaded: the jobs of one sweep share it */
let loaded: { key: string; market: LoadedMarket } | undefined;

function marketOf(source: Omit<MarketSource, "cacheDir">): LoadedMarket {
  const key = JSON.stringify(source);
  if (loaded?.key !== key)
    loaded = {
      key,
      market: loadMarket({
        ...source,
        ...(source.data === undefined ? {} : { cacheDir: defaultCacheDir() }),
      }),
    };
  return loaded.market;
}

/** Runs a job as the in-process path runs the same units or shard: the result depends only on the job. */
export function runUnitJob(job: UnitJob): UnitResult {
  if (job.kind === "simulate") return simulateShard(job.spec, job.shard, job.shards);
  const { series } = marketOf(job.market);
  if (series.length !== job.rows)
    throw new HydraError(
      "RUN_FAILED",
      `the data on this worker has ${series.length} rows, the submitter's had ${job.rows}: ${job.market.data ?? "synthetic market"} differs between the machines`,
    );
  return job.units.map((unit) => runOptimizeUnit(series, job.base, unit));
}
