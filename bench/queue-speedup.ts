/**
 * `hydra optimize --queue` on `hydra worker` processes: the walk-forward search of optimize-speedup (an SMA
 * period grid on the daily GOOG reference bars, or 60 synthetic days when the data is absent) through a
 * throwaway redis-server, with 1 worker process and with 2 (one job at a time each, already running: a
 * first small sweep has started their job processes), timed on the wall clock from the submission to the
 * last result; in the default blocks of backtests and one backtest a job. Beside it the CPU seconds each
 * sweep cost all its processes together, against the in-process run's: the queue's overhead, which the
 * neighbours on a shared machine change far less than the wall clock. Goal (issue 19): 2 workers ≥ 1.8×
 * one. Measured, not asserted.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseRange } from "../src/research/param-space.js";
import { runOptimize } from "../src/runtime/optimize/run-optimize.js";
import { DEFAULT_JOBS, queueUnitRunner } from "../src/runtime/queue/queue-sweeps.js";
import { parseQueueUrl } from "../src/runtime/queue/queue-url.js";
import { benchMarket, benchRequest, cpuParallelism } from "./optimize-speedup.js";
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

/** CPU seconds the processes (and their children, as they are now) have used so far, by pid (Linux /proc). */
function cpuSeconds(pids: readonly number[]): Map<number, number> {
  const all = pids.flatMap((pid) => {
    try {
      const kids = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" });
      return [
        pid,
        ...kids
          .split("\n")
          .filter((l) => l !== "")
          .map(Number),
      ];
    } catch {
      return [pid];
    }
  });
  const used = new Map<number, number>();
  for (const pid of all) {
    try {
      // utime and stime, fields 14 and 15, after the command in parentheses
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // gone
    }
  }
  return used;
}

/** The CPU seconds used between two readings of cpuSeconds, over all processes. */
function cpuUsed(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return sum;
}

/** the longer sweep: 191 SMA periods × the walk-forward windows, some seconds of CPU in all */
const LARGE_RANGE = "period=10:200:1";
/** backtests a job in the longer sweep: 8 jobs, so that each is long beside its fixed costs */
const LARGE_JOB_SIZE = 215;

export async function queueSpeedup(): Promise<void> {
  if (!REDIS_SERVER) {
    console.log("queue     skipped: redis-server is not installed (scripts/setup.sh installs it)");
    return;
  }
  const { source, market, label } = benchMarket();
  const redis = await startRedis();
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-bench-queue-"));
  let sweeps = 0;
  let pids: number[] = [];
  const sweep = async (queue: string, jobSize: number | undefined, range?: string) => {
    // the CPU of everything the sweep runs on: this process (the submitter), the workers and their job
    // processes, redis-server; a figure the neighbours on the machine do not change much, unlike the wall clock
    const c0 = process.cpuUsage();
    const p0 = cpuSeconds(pids);
    const t0 = performance.now();
    const request = benchRequest(market, 1, path.join(dir, `${++sweeps}.db`));
    const r = await runOptimize({
      ...request,
      ...(range === undefined ? {} : { ranges: [parseRange("--range", range)] }),
      unitRunner: queueUnitRunner(
        parseQueueUrl("--queue", queue),
        source,
        market.series.length,
        "bench",
        {},
        jobSize,
      ),
    });
    if (r.status !== "done") throw new Error("the optimisation stopped");
    const ms = performance.now() - t0;
    const own = process.cpuUsage(c0);
    const cpu = cpuUsed(p0, cpuSeconds(pids)) + (own.user + own.system) / 1e6;
    return { ms, cpu, backtests: r.result.backtests.total };
  };
  /** the sweep in blocks (the default) and one backtest a job, on `workers` running workers */
  const timed = async (workers: number) => {
    const queue = `${redis.url}/${workers}`;
    const started = await Promise.all(Array.from({ length: workers }, () => startWorker(queue)));
    pids = [redis.pid, ...started.map((w) => w.pid!)];
    try {
      // workers run for long: a first small sweep starts their job processes and loads the data
      const cold = await sweep(queue, 1, "period=10");
      const blocks = await sweep(queue, undefined);
      const single = await sweep(queue, 1);
      // a sweep long enough that the work, not the fixed costs, decides the speed-up
      const large = await sweep(queue, LARGE_JOB_SIZE, LARGE_RANGE);
      return { cold, blocks, single, large };
    } finally {
      for (const w of started) w.kill("SIGINT");
      await Promise.all(started.map((w) => new Promise((res) => w.once("exit", res))));
    }
  };
  try {
    const load = loadavg()[0]!;
    const machine = await cpuParallelism();
    const c0 = process.cpuUsage();
    const l0 = performance.now();
    const inProcess = await runOptimize(benchRequest(market, 1, path.join(dir, "in-process.db")));
    if (inProcess.status !== "done") throw new Error("the optimisation stopped");
    const local = { ms: performance.now() - l0, cpu: process.cpuUsage(c0) };
    const one = await timed(1);
    const two = await timed(2);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const n = one.blocks.backtests;
    const localCpu = (local.cpu.user + local.cpu.system) / 1e6;
    const cpu = (x: { cpu: number }) => `${x.cpu.toFixed(1)} s (${(x.cpu / localCpu).toFixed(2)}×)`;
    console.log(
      `queue     the first sweep (${one.cold.backtests} backtests) on freshly started workers, each starting its job process and loading the data: 1 worker ${s(one.cold.ms)}, 2 workers ${s(two.cold.ms)}`,
    );
    console.log(
      `queue     CPU for the ${n} backtests: in-process on 1 thread ${localCpu.toFixed(1)} s (wall ${s(local.ms)}); on the queue, all processes together, in ${Math.min(n, DEFAULT_JOBS)} jobs: 1 worker ${cpu(one.blocks)}, 2 workers ${cpu(two.blocks)}; one backtest a job: 1 worker ${cpu(one.single)}, 2 workers ${cpu(two.single)}`,
    );
    console.log(
      `queue     ${n} backtests (${label}) as BullMQ jobs on running hydra worker processes through redis-server, in ${Math.min(n, DEFAULT_JOBS)} jobs: 1 worker ${s(one.blocks.ms)}, 2 workers ${s(two.blocks.ms)} → speed-up ${(one.blocks.ms / two.blocks.ms).toFixed(2)}× (one backtest a job: ${s(one.single.ms)}, ${s(two.single.ms)} → ${(one.single.ms / two.single.ms).toFixed(2)}×) (goal ≥ 1.8× on 2 free cores; a pure-CPU loop on 2 threads got ${machine.toFixed(2)}× just before, load average ${load.toFixed(2)})`,
    );
    const big = one.large.backtests;
    console.log(
      `queue     ${big} backtests (${label}, the longer sweep) in ${Math.ceil(big / LARGE_JOB_SIZE)} jobs: 1 worker ${s(one.large.ms)} (CPU ${one.large.cpu.toFixed(1)} s), 2 workers ${s(two.large.ms)} (CPU ${two.large.cpu.toFixed(1)} s) → speed-up ${(one.large.ms / two.large.ms).toFixed(2)}× (goal ≥ 1.8×; the 2-thread pure-CPU loop: ${machine.toFixed(2)}×)`,
    );
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
