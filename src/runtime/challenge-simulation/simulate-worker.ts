import { parentPort, workerData } from "node:worker_threads";
import { type SimulationSpec, simulateShard } from "../../risk/prop-firm/simulate/simulate-shard.js";

/** A worker thread's entry: runs its shard of every spec and posts the counts back. */
interface ShardTask {
  specs: SimulationSpec[];
  shard: number;
  shards: number;
}

const task = workerData as ShardTask;
parentPort?.postMessage(task.specs.map((s) => simulateShard(s, task.shard, task.shards)));
