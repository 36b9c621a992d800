/**
 * Sweeps on BullMQ workers as a user runs them: a real redis-server (started here, on a free loopback port),
 * `hydra worker` processes, and the submitting `hydra optimize --queue` / `hydra challenge simulate --queue`,
 * whose results must be those of the in-process runs bit for bit, also when a worker is killed mid-job.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REDIS_SERVER, startRedis, type TestRedis } from "../../../bench/redis-server.js";
import { parseQueueUrl, UNITS_QUEUE } from "../../runtime/queue/queue-url.js";
import { exitedWithin, finished, GOOG, OPTIMIZE } from "../test-support/queue-e2e.js";
import { BUILT, freePort, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the queue end-to-end tests: dist/ is not built (make test builds it)");
if (!REDIS_SERVER)
  console.warn("skipping the queue end-to-end tests: redis-server is not installed (scripts/setup.sh)");
if (GOOG === undefined)
  console.warn("skipping the queue end-to-end tests: ../shared/data/reference is absent");
const hasPromtool = (() => {
  try {
    execFileSync("promtool", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(path.join(tmpdir(), "hydra-queue-e2e-"));
let redis: TestRedis | undefined;
let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function spawn(args: string[]): HydraProcess {
  const p = spawnHydra(args);
  procs.push(p);
  return p;
}

/**
 * A sweep still under way when the test interrupts it: 96 trials × 5 backtests, one a job (a daily
 * backtest takes a few ms, so a smaller sweep can finish between a progress line and the signal).
 */
const MID_SWEEP_RANGE = "period=5:100:1";
const MID_SWEEP = /^(?!480\/)[1-9]\d*\/480 backtests done/m;

async function worker(queue: string, extra: string[] = []) {
  const w = spawn(["worker", "--queue", queue, "--concurrency", "1", ...extra]);
  await w.waitFor(/hydra worker: taking jobs from/, 30_000);
  return w;
}

/** The child processes of `pid` once it has some (BullMQ forks a job's sandbox as it starts the job). */
async function childrenOf(pid: number): Promise<string[]> {
  for (let i = 0; ; i++) {
    try {
      return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
        .split("\n")
        .filter((s) => s !== "");
    } catch (e) {
      // pgrep exits 1 when there is none yet
      if (i > 200) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe.skipIf(!BUILT || !REDIS_SERVER || GOOG === undefined)("hydra worker and --queue", () => {
  beforeAll(async () => {
    redis = await startRedis();
  });

  it("two workers: optimize and challenge simulate give the in-process results bit for bit; metrics exported", async () => {
    const queue = `${redis!.url}/1`;
    const port = await freePort();
    const a = await worker(queue, ["--metrics-port", String(port)]);
    const b = await worker(queue);
    // 35 backtests in 32 jobs (3 of them of 2 backtests)
    const args = OPTIMIZE("period=10:40:5");
    const queued = spawn([...args, "--queue", queue, "--db", path.join(dir, "queued.db")]);
    const local = spawn([...args, "--workers", "1", "--db", path.join(dir, "local.db")]);
    const [q, l] = [await finished(queued), await finished(local)];
    expect(JSON.parse(q).backtests).toEqual({ total: 35, reused: 0 });
    expect(q).toBe(l);
    expect(queued.output()).toMatch(
      /^35\/35 backtests done \(32\/32 jobs\), 2 workers \(redis:\/\/127\.0\.0\.1:\d+\/1\)$/m,
    );
    // both took jobs
    expect(a.output()).toMatch(/^job \S+: backtests \d+-\d+ of 35$/m);
    expect(b.output()).toMatch(/^job \S+: backtests \d+-\d+ of 35$/m);

    const sim = [
      ...["challenge", "simulate", "--program", "ftmo-2step", "--win-rate", "0.5", "--payoff", "1.5"],
      ...["--risk-pct", "1", "--paths", "3000", "--workers", "3", "--seed", "7", "--json"],
    ];
    const simQueued = spawn([...sim, "--queue", queue]);
    const simLocal = spawn(sim);
    const [sq, sl] = [await finished(simQueued), await finished(simLocal)];
    expect(JSON.parse(sq).passProbability).toBeGreaterThan(0);
    expect(sq).toBe(sl);
    expect(simQueued.output()).toMatch(/^3\/3 blocks done, 2 workers/m);
    expect(a.output() + b.output()).toMatch(/^job \S+: paths block [123] of 3$/m);

    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(/^bullmq_job_completed_total\{queue="hydra-units", worker="hydra"\} 35$/m);
    expect(text).toMatch(/^bullmq_jobs\{queue="hydra-units", state="waiting", worker="hydra"\} 0$/m);
    if (hasPromtool) execFileSync("promtool", ["check", "metrics"], { input: text });

    expect(await a.stop("SIGINT")).toBe(0);
    expect(a.output()).toMatch(/hydra worker: stopped/);
  });

  it("a worker SIGKILLed mid-job: its job completes on the other, every backtest counted once", async () => {
    const queue = `${redis!.url}/2`;
    // 30 backtests in 2 jobs: a job (with the start of the worker's job process) is over a second of
    // work, so the worker is surely mid-job when killed
    const args = OPTIMIZE("period=10:20:2");
    const local = spawn([...args, "--workers", "1", "--db", path.join(dir, "killed-local.db")]);
    // a lock lapses 2 s after its worker died (30 s by default)
    const first = await worker(queue, ["--lock-timeout", "2"]);
    const queued = spawn([
      ...args,
      "--queue",
      queue,
      "--job-size",
      "15",
      "--db",
      path.join(dir, "killed.db"),
    ]);
    const [, job] = (await first.waitFor(/^job \S+: (backtests \d+-\d+ of 30)$/m)) as RegExpMatchArray;
    // the machine is lost: the worker and its sandbox processes
    const children = await childrenOf(first.proc.pid!);
    expect(await first.stop("SIGKILL")).not.toBe(0);
    for (const c of children) process.kill(Number(c), "SIGKILL");
    const other = await worker(queue, ["--lock-timeout", "2"]);
    const q = await finished(queued);
    expect(q).toBe(await finished(local));
    expect(JSON.parse(q).backtests).toEqual({ total: 30, reused: 0 });
    // the killed job ran again on the other worker, and so did the other job
    expect(other.output()).toContain(`: ${job}\n`);
    expect(other.output().match(/^job \S+: backtests/gm)).toHaveLength(2);
    expect(queued.output()).toMatch(/^30\/30 backtests done \(2\/2 jobs\), 1 workers/m);
  });

  it("Ctrl-C of optimize --queue mid-sweep: exit 130, its jobs leave the queue; the same command resumes", async () => {
    const queue = `${redis!.url}/3`;
    const args = OPTIMIZE(MID_SWEEP_RANGE);
    const local = spawn([...args, "--workers", "1", "--db", path.join(dir, "resumed-local.db")]);
    await worker(queue);
    const queued = [...args, "--queue", queue, "--job-size", "1", "--db", path.join(dir, "resumed.db")];
    const first = spawn(queued);
    await first.waitFor(MID_SWEEP);
    expect(await first.stop("SIGINT")).toBe(130);
    const [, saved] = first.output().match(/interrupted: (\d+) of 480 backtests saved/)!;
    expect(Number(saved)).toBeGreaterThan(0);
    expect(Number(saved)).toBeLessThan(480);
    // none of its jobs is left (a job running at the Ctrl-C finishes on its worker and goes)
    const units = new Queue(UNITS_QUEUE, { connection: parseQueueUrl("--queue", queue).connection });
    try {
      for (let i = 0; (await units.count()) + (await units.getActiveCount()) > 0; i++) {
        expect(i, "jobs left in the queue").toBeLessThan(300);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await units.close();
    }
    const again = spawn(queued);
    const q = await finished(again);
    expect(again.output()).toContain(`480 backtests, ${saved} saved before (resumed)`);
    expect(JSON.parse(q).backtests).toEqual({ total: 480, reused: Number(saved) });
    expect(q.replace(/"reused":\d+/, '"reused":0')).toBe(await finished(local));
  });

  it("Ctrl-C of challenge simulate --queue: exit 130, its jobs leave the queue", async () => {
    const queue = `${redis!.url}/5`;
    const sim = spawn([
      ...["challenge", "simulate", "--program", "ftmo-2step", "--win-rate", "0.5", "--payoff", "1.5"],
      ...["--risk-pct", "1", "--paths", "3000", "--workers", "4", "--queue", queue],
    ]);
    await sim.waitFor(/^0\/4 blocks done, 0 workers/m);
    const units = new Queue(UNITS_QUEUE, { connection: parseQueueUrl("--queue", queue).connection });
    try {
      expect(await units.getJobCounts("waiting")).toEqual({ waiting: 4 });
      expect(await sim.stop("SIGINT")).toBe(130);
      expect(sim.output()).toMatch(/challenge simulate interrupted: its jobs were removed from the queue/);
      expect(await units.count()).toBe(0);
    } finally {
      await units.close();
    }
  });

  it("Redis lost mid-sweep: optimize says so and exits 1, the worker waits; Redis back, the same command resumes", {
    timeout: 120_000,
  }, async () => {
    let own = await startRedis();
    try {
      const args = OPTIMIZE(MID_SWEEP_RANGE);
      const local = spawn([...args, "--workers", "1", "--db", path.join(dir, "lost-local.db")]);
      const queued = [...args, "--queue", own.url, "--job-size", "1", "--db", path.join(dir, "lost.db")];
      const w = await worker(own.url);
      const leaving = await worker(own.url);
      const first = spawn(queued);
      await first.waitFor(MID_SWEEP, 20_000);
      await own.stop();
      expect(await exitedWithin(first, 30_000)).toBe(1);
      const [, saved] = first
        .output()
        .match(
          /the queue's Redis at redis:\/\/127\.0\.0\.1:\d+ (?:has not answered for 5 s|failed: [^\n]*?)(?: \([^\n]*\))?: the sweep stops; (\d+) of 480 backtests are saved in \S+lost\.db: run the same command again to resume/,
        )!;
      expect(first.output()).not.toMatch(/\n\s+at /);
      await w.waitFor(
        /hydra worker: the queue's Redis at \S+ does not answer \(.*(?:ECONNREFUSED|ECONNRESET).*\); retrying/,
        20_000,
      );
      // a worker stopped while Redis is away stops all the same
      await leaving.waitFor(/does not answer/, 20_000);
      expect(await leaving.stop("SIGINT")).toBe(0);
      expect(leaving.output()).toMatch(
        /stopping \(Redis is away: its running jobs are dropped\)\nhydra worker: stopped/,
      );
      // Redis restarted (empty: nothing of the sweep survives in it, the backtests saved do)
      own = await startRedis({ port: Number(new URL(own.url).port) });
      await w.waitFor(/answers again; taking jobs/, 20_000);
      const again = spawn(queued);
      const q = await finished(again);
      expect(again.output()).toContain(`480 backtests, ${saved} saved before (resumed)`);
      expect(q.replace(/"reused":\d+/, '"reused":0')).toBe(await finished(local));
      expect(w.output()).not.toMatch(/\n\s+at /);
    } finally {
      await own.stop();
    }
  });

  it("Redis restarted without its data mid-sweep: optimize says the sweep was lost and exits 1", async () => {
    let own = await startRedis();
    try {
      const first = spawn([
        ...OPTIMIZE("period=20"),
        "--queue",
        own.url,
        "--db",
        path.join(dir, "forgot.db"),
      ]);
      await first.waitFor(/^0\/5 backtests done \(0\/5 jobs\), 0 workers/m);
      // back within the 5 s the submitter waits, but empty
      await own.stop();
      own = await startRedis({ port: Number(new URL(own.url).port) });
      expect(await first.exited()).toBe(1);
      expect(first.output()).toMatch(
        /the queue's Redis at redis:\/\/127\.0\.0\.1:\d+ no longer holds the sweep \(restarted without its data\?\): the sweep stops; 0 of 5 backtests are saved in \S+forgot\.db: run the same command again to resume/,
      );
      expect(first.output()).not.toMatch(/\n\s+at /);
    } finally {
      await own.stop();
    }
  });

  it("a worker whose copy of the data differs fails the sweep, saying so", async () => {
    const queue = `${redis!.url}/4`;
    const copy = path.join(dir, "GOOG.csv");
    writeFileSync(copy, readFileSync(GOOG!));
    const args = OPTIMIZE("period=20").map((a) => (a === GOOG ? copy : a));
    const queued = spawn([...args, "--queue", queue, "--db", path.join(dir, "differs.db")]);
    await queued.waitFor(/^0\/5 backtests done \(0\/5 jobs\), 0 workers/m);
    // the worker's machine has another version of the file at the same path
    writeFileSync(copy, readFileSync(GOOG!, "utf8").split("\n").slice(0, 1001).join("\n"));
    await worker(queue);
    expect(await queued.exited()).toBe(1);
    expect(queued.output()).toMatch(
      /a job of the sweep failed on a worker: the data on this worker has 1000 rows, the submitter's had \d{4}: \S+GOOG\.csv differs between the machines/,
    );
  });

  it("bad --queue or --job-size: exit 2 naming the flag; an unreachable Redis: exit 1 at once, the password never shown", async () => {
    const p = spawn(["worker", "--queue", "http://127.0.0.1:1"]);
    expect(await p.exited()).toBe(2);
    expect(p.output()).toMatch(/--queue must start with redis:\/\/ or rediss:\/\//);
    expect(p.output()).not.toMatch(/\n\s+at /);
    for (const [args, said] of [
      [["--job-size", "3"], /--job-size sizes the jobs of --queue: give --queue too/],
      [["--job-size", "0", "--queue", redis!.url], /--job-size/],
    ] as const) {
      const o = spawn([...OPTIMIZE("period=20"), ...args]);
      expect(await o.exited()).toBe(2);
      expect(o.output()).toMatch(said);
    }
    // nothing listens there: a clear error at once, the password not shown
    const secret = `pw${Math.random().toString(36).slice(2)}`;
    const port = await freePort();
    for (const args of [
      ["worker", "--queue", `redis://hydra:${secret}@127.0.0.1:${port}`],
      [...OPTIMIZE("period=20"), "--queue", `redis://hydra:${secret}@127.0.0.1:${port}`],
    ]) {
      const q = spawn(args);
      expect(await q.exited(), q.output()).toBe(1);
      expect(q.output()).toMatch(
        new RegExp(
          `cannot reach the queue's Redis at redis://hydra:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`,
        ),
      );
      expect(q.output()).not.toContain(secret);
    }
  });
});
