import {
  mergeCounts,
  type PathCounts,
  type SimulationSpec,
} from "../../risk/prop-firm/simulate/simulate-shard.js";
import { runWorker } from "../worker-thread.js";

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
    Array.from({ length: workers }, async (_, shard) => {
      let counts: PathCounts[] = [];
      await runWorker<PathCounts[]>(
        entry,
        { specs, shard, shards: workers },
        `simulation worker ${shard}`,
        (c) => {
          counts = c;
        },
      ).done;
      return counts;
    }),
  );
  return specs.map((_, i) => mergeCounts(shards.map((s) => s[i]!)));
}
