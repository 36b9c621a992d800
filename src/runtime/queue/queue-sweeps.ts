import type { SegmentOutcome } from "../../research/optimize-analysis.js";
import {
  mergeCounts,
  type PathCounts,
  type SimulationSpec,
} from "../../risk/prop-firm/simulate/simulate-shard.js";
import type { MarketSource } from "../load-market.js";
import type { UnitRunner } from "../optimize/run-optimize.js";
import type { QueueTarget } from "./queue-url.js";
import { type QueueSweep, runOnQueue } from "./run-on-queue.js";

/** what the submitting command is told while its sweep runs (progress, Redis away and back), and how long Redis is waited for */
export type QueueEvents = Pick<QueueSweep, "onProgress" | "onRedis" | "redisWaitMs">;

/** a sweep is cut into this many jobs by default (fewer when it has fewer units): enough for a dozen busy workers, few round trips */
export const DEFAULT_JOBS = 32;

/**
 * The sweep's units cut into blocks of consecutive units: `jobSize` each (the last one smaller), or by
 * default DEFAULT_JOBS blocks whose sizes differ by one at most.
 */
export function cutInBlocks<T>(units: readonly T[], jobSize?: number): T[][] {
  const jobs =
    jobSize === undefined ? Math.min(units.length, DEFAULT_JOBS) : Math.ceil(units.length / jobSize);
  const blocks: T[][] = [];
  let from = 0;
  for (let i = 0; i < jobs; i++) {
    const to =
      jobSize === undefined
        ? Math.round(((i + 1) * units.length) / jobs)
        : Math.min(units.length, from + jobSize);
    blocks.push(units.slice(from, to));
    from = to;
  }
  return blocks;
}

/**
 * `hydra optimize --queue`: the units in blocks of consecutive units (a block of trials with their
 * windows, see cutInBlocks), one job a block, each carrying the data's source (a file path the
 * workers must reach, or the synthetic market's settings) and its row count; a block's outcomes come
 * back together and are handed over unit by unit, as the in-process run hands them over.
 */
export function queueUnitRunner(
  target: QueueTarget,
  market: Omit<MarketSource, "cacheDir">,
  rows: number,
  label: string,
  events: QueueEvents,
  jobSize?: number,
): UnitRunner {
  return async (base, units, onOutcome, stop) => {
    let first = 0;
    const jobs = cutInBlocks(units, jobSize).map((block, i) => {
      first += block.length;
      return {
        key: String(i),
        name: `backtests ${first - block.length + 1}-${first} of ${units.length}`,
        units: block.length,
        data: { kind: "optimize" as const, market, rows, base, units: block },
      };
    });
    // stopped is stopped for optimize, whether its jobs left Redis or not: it keeps what it received
    const status = await runOnQueue({
      target,
      label,
      jobs,
      onResult: (_, r) => {
        for (const o of r as SegmentOutcome[]) onOutcome(o);
      },
      stop,
      ...events,
    });
    return status === "abandoned" ? "stopped" : status;
  };
}

/**
 * `hydra challenge simulate --queue`: shard i of every spec is a job (its paths on the stream seeded from
 * the spec's seed and i, as a worker thread runs it), so the counts equal the in-process run's with as
 * many worker threads as shards, whichever worker ran which shard.
 */
export async function simulateOnQueue(
  target: QueueTarget,
  specs: readonly SimulationSpec[],
  shards: number,
  stop: Promise<void>,
  events: QueueEvents,
): Promise<PathCounts[] | "stopped" | "abandoned"> {
  const counts = specs.map(() => new Array<PathCounts>(shards));
  const status = await runOnQueue({
    target,
    label: "challenge simulate",
    jobs: specs.flatMap((spec, i) =>
      Array.from({ length: shards }, (_, shard) => ({
        key: `${i}/${shard}`,
        name: `paths block ${shard + 1} of ${shards}${specs.length > 1 ? ` (simulation ${i + 1} of ${specs.length})` : ""}`,
        units: 1,
        data: { kind: "simulate" as const, spec, shard, shards },
      })),
    ),
    onResult: (key, r) => {
      const [i, shard] = key.split("/").map(Number);
      counts[i!]![shard!] = r as PathCounts;
    },
    stop,
    ...events,
  });
  return status === "done" ? counts.map((c) => mergeCounts(c)) : status;
}
