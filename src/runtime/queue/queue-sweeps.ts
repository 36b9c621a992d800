import type { SegmentOutcome } from "../../research/optimize-analysis.js";
import {
  mergeCounts,
  type PathCounts,
  type SimulationSpec,
} from "../../risk/prop-firm/simulate/simulate-shard.js";
import type { MarketSource } from "../load-market.js";
import type { UnitRunner } from "../optimize/run-optimize.js";
import type { QueueTarget } from "./queue-url.js";
import { type QueueProgress, runOnQueue } from "./run-on-queue.js";

/**
 * `hydra optimize --queue`: the units as jobs, each carrying the data's source (a file path the workers
 * must reach, or the synthetic market's settings) and its row count; outcomes come back by unit.
 */
export function queueUnitRunner(
  target: QueueTarget,
  market: Omit<MarketSource, "cacheDir">,
  rows: number,
  label: string,
  onProgress: (p: QueueProgress) => void,
): UnitRunner {
  return async (base, units, onOutcome, stop) =>
    runOnQueue({
      target,
      label,
      jobs: units.map((unit) => ({
        key: `${unit.trial}/${unit.segment}`,
        data: { kind: "optimize", market, rows, base, unit },
      })),
      onResult: (_, r) => onOutcome(r as SegmentOutcome),
      stop,
      onProgress,
    });
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
  onProgress: (p: QueueProgress) => void,
): Promise<PathCounts[] | "stopped"> {
  const counts = specs.map(() => new Array<PathCounts>(shards));
  const status = await runOnQueue({
    target,
    label: "challenge simulate",
    jobs: specs.flatMap((spec, i) =>
      Array.from({ length: shards }, (_, shard) => ({
        key: `${i}/${shard}`,
        data: { kind: "simulate" as const, spec, shard, shards },
      })),
    ),
    onResult: (key, r) => {
      const [i, shard] = key.split("/").map(Number);
      counts[i!]![shard!] = r as PathCounts;
    },
    stop,
    onProgress,
  });
  return status === "stopped" ? status : counts.map((c) => mergeCounts(c));
}
