import { Worker } from "node:worker_threads";
import { HydraError } from "../../core/errors.js";
import {
  mergeCounts,
  type PathCounts,
  type SimulationSpec,
} from "../../risk/prop-firm/simulate/simulate-shard.js";

/**
 * Runs the specs over `workers` worker threads: worker i runs shard i of every spec (its share of the
 * paths on a stream seeded from the spec's seed and i), so the counts depend on the seed and the number of
 * workers, never on scheduling. The entry is the compiled simulate-worker.js beside this file (dist/).
 */
export async function runSimulations(
  specs: readonly SimulationSpec[],
  workers: number,
): Promise<PathCounts[]> {
  const entry = new URL("./simulate-worker.js", import.meta.url);
  const shards = await Promise.all(
    Array.from(
      { length: workers },
      (_, shard) =>
        new Promise<PathCounts[]>((resolve, reject) => {
          const fail = (why: string, cause?: unknown) =>
            reject(new HydraError("RUN_FAILED", `simulation worker ${shard} ${why}`, { shard }, cause));
          const w = new Worker(entry, { workerData: { specs, shard, shards: workers } });
          w.once("message", (counts: PathCounts[]) => resolve(counts));
          w.once("error", (e) => fail(`failed: ${e.message}`, e));
          w.once("exit", (code) => {
            if (code !== 0) fail(`exited with code ${code}`);
          });
        }),
    ),
  );
  return specs.map((_, i) => mergeCounts(shards.map((s) => s[i]!)));
}
