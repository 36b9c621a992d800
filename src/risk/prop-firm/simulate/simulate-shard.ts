import { Prng } from "../../../core/prng.js";
import type { PropFirmProgram } from "../program.js";
import { type DaySourceSpec, daySource } from "./day-source.js";
import { type PathSizing, runPath } from "./run-path.js";

/** Everything one Monte Carlo run needs; plain data, so a worker thread can receive it. */
export interface SimulationSpec {
  readonly phases: readonly PropFirmProgram[];
  readonly sizing: PathSizing;
  readonly source: DaySourceSpec;
  readonly paths: number;
  readonly seed: number;
}

/** What a shard of paths counted; shards add up. */
export interface PathCounts {
  paths: number;
  passed: number;
  failedDaily: number;
  failedMaxLoss: number;
  notFinished: number;
  /** per phase: paths that passed it */
  phasePassed: number[];
  /** daysToPass[d] = paths that passed on day d */
  daysToPass: number[];
}

/**
 * A path that has neither passed nor failed after this many days counts as not finished (a safety stop
 * for paths with no --max-days; a challenge this long is not one a trader would sit through).
 */
export const DAY_CAP = 20_000;

/** The seed of shard i: the run's seed and the shard index spread by a 32-bit mix (splitmix32's). */
function shardSeed(seed: number, shard: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(shard + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Paths of shard i when `paths` are split over `shards` (the first ones take the remainder). */
function shardPaths(paths: number, shard: number, shards: number): number {
  return Math.floor(paths / shards) + (shard < paths % shards ? 1 : 0);
}

/** Runs shard `shard` of `shards`: its share of the paths on its own seeded stream. */
export function simulateShard(spec: SimulationSpec, shard: number, shards: number): PathCounts {
  const prng = new Prng(shardSeed(spec.seed, shard));
  const source = daySource(spec.source, prng);
  const sizing = { ...spec.sizing, maxDays: Math.min(spec.sizing.maxDays, DAY_CAP) };
  const n = shardPaths(spec.paths, shard, shards);
  const c: PathCounts = {
    paths: n,
    passed: 0,
    failedDaily: 0,
    failedMaxLoss: 0,
    notFinished: 0,
    phasePassed: spec.phases.map(() => 0),
    daysToPass: [],
  };
  for (let i = 0; i < n; i++) {
    const r = runPath(spec.phases, sizing, source);
    for (let p = 0; p < r.phasesPassed; p++) c.phasePassed[p]!++;
    if (r.end === "passed") {
      c.passed++;
      c.daysToPass[r.days] = (c.daysToPass[r.days] ?? 0) + 1;
    } else if (r.end === "max-daily-loss") c.failedDaily++;
    else if (r.end === "max-loss") c.failedMaxLoss++;
    else c.notFinished++;
  }
  // dense, so it crosses a worker boundary as it is
  c.daysToPass = Array.from(c.daysToPass, (v) => v ?? 0);
  return c;
}

/** The sum of the shards' counts. */
export function mergeCounts(shards: readonly PathCounts[]): PathCounts {
  const out: PathCounts = {
    paths: 0,
    passed: 0,
    failedDaily: 0,
    failedMaxLoss: 0,
    notFinished: 0,
    phasePassed: [],
    daysToPass: [],
  };
  for (const s of shards) {
    out.paths += s.paths;
    out.passed += s.passed;
    out.failedDaily += s.failedDaily;
    out.failedMaxLoss += s.failedMaxLoss;
    out.notFinished += s.notFinished;
    s.phasePassed.forEach((v, i) => {
      out.phasePassed[i] = (out.phasePassed[i] ?? 0) + v;
    });
    s.daysToPass.forEach((v, d) => {
      out.daysToPass[d] = (out.daysToPass[d] ?? 0) + v;
    });
  }
  out.daysToPass = Array.from(out.daysToPass, (v) => v ?? 0);
  return out;
}
