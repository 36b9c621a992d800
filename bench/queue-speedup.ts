/**
 * `hydra optimize --queue` on `hydra worker` processes: the walk-forward search of optimize-speedup (an SMA
 * period grid on the daily GOOG reference bars, or 60 synthetic days when the data is absent) through a
 * throwaway redis-server, with 1 worker process and with 2 (one job at a time each), timed on the wall
 * clock from the submission to the last result. Goal (issue 19): 2 workers ≥ 1.8× one. Measured, not asserted.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { runOptimize } from "../src/runtime/optimize/run-optimize.js";
import { queueUnitRunner } from "../src/runtime/queue/queue-sweeps.js";
import { parseQueueUrl } from "../src/runtime/queue/queue-url.js";
import { benchMarket, benchRequest } from "./optimize-speedup.js";
import { REDIS_SERVER, startRedis } from "./redis-server.js";

const BIN = fileURLToPath(new URL("../../bin/hydra.js", import.meta.url));

/** `hydra worker` taking one job at a time, once it says it is ready. */
function startWorker(queue: string): Promise<ChildProcess> {
  const p = spawn(process.execPath, [BIN, "worker", "--queue", queue, "--concurrency", "1"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let said = "";
    p.stderr?.setEncoding("utf8").on("data", (s: string) => {
      said += s;
      if (said.includes("taking jobs from")) resolve(p);
    });
    p.once("exit", (code) => reject(new Error(`hydra worker exited (${code}): ${said}`)));
  });
}

export async function queueSpeedup(): Promise<void> {
  if (!REDIS_SERVER) {
    console.log("queue     skipped: redis-server is not installed (scripts/setup.sh installs it)");
    return;
  }
  const { source, market, label } = benchMarket();
  const redis = await startRedis();
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-bench-queue-"));
  const timed = async (workers: number): Promise<{ ms: number; backtests: number }> => {
    const queue = `${redis.url}/${workers}`;
    const started = await Promise.all(Array.from({ length: workers }, () => startWorker(queue)));
    try {
      const t0 = performance.now();
      const r = await runOptimize({
        ...benchRequest(market, workers, path.join(dir, `w${workers}.db`)),
        unitRunner: queueUnitRunner(
          parseQueueUrl("--queue", queue),
          source,
          market.series.length,
          "bench",
          () => {},
        ),
      });
      if (r.status !== "done") throw new Error("the optimisation stopped");
      return { ms: performance.now() - t0, backtests: r.result.backtests.total };
    } finally {
      for (const w of started) w.kill("SIGINT");
      await Promise.all(started.map((w) => new Promise((res) => w.once("exit", res))));
    }
  };
  try {
    const one = await timed(1);
    const two = await timed(2);
    console.log(
      `queue     ${one.backtests} backtests (${label}) as BullMQ jobs on hydra worker processes through redis-server: 1 worker ${(one.ms / 1000).toFixed(1)} s, 2 workers ${(two.ms / 1000).toFixed(1)} s → speed-up ${(one.ms / two.ms).toFixed(2)}× (goal ≥ 1.8× on 2 free cores)`,
    );
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
