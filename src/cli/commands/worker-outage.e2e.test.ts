/**
 * Redis going away under a queued sweep, as a user meets it: a real redis-server (started here) stopped
 * for a moment and started again with its data (append-only file), or stopped for good, under
 * `hydra optimize --queue` / `hydra challenge simulate --queue` and `hydra worker` processes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { REDIS_SERVER, startRedis } from "../../../bench/redis-server.js";
import { exitedWithin, finished, GOOG, OPTIMIZE } from "../test-support/queue-e2e.js";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the queue outage end-to-end tests: dist/ is not built (make test builds it)");
if (!REDIS_SERVER)
  console.warn(
    "skipping the queue outage end-to-end tests: redis-server is not installed (scripts/setup.sh)",
  );
if (GOOG === undefined)
  console.warn("skipping the queue outage end-to-end tests: ../shared/data/reference is absent");

/**
 * How long the short outage lasts (ms), under the submitter's default wait of 5 s. HYDRA_QUEUE_OUTAGE_MS
 * tries others: from 4 s on, the submitter is given `--queue-wait` 10 s more than that.
 */
const OUTAGE_MS = Number(process.env.HYDRA_QUEUE_OUTAGE_MS ?? 1500);
const WAIT_S = OUTAGE_MS < 4000 ? 5 : Math.ceil(OUTAGE_MS / 1000) + 10;

const dir = mkdtempSync(path.join(tmpdir(), "hydra-queue-outage-e2e-"));
let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function spawn(args: string[]): HydraProcess {
  const p = spawnHydra(args);
  procs.push(p);
  return p;
}

async function worker(queue: string, extra: string[] = []): Promise<HydraProcess> {
  const w = spawn(["worker", "--queue", queue, "--concurrency", "1", ...extra]);
  await w.waitFor(/hydra worker: taking jobs from/, 30_000);
  return w;
}

const NO_STACK = /\n\s+at /;

describe.skipIf(!BUILT || !REDIS_SERVER || GOOG === undefined)("Redis away under a queued sweep", () => {
  it("a short outage, Redis back with its data: optimize and the workers wait for it, the result is the in-process one, each job counted once", {
    timeout: 120_000,
  }, async () => {
    const keep = mkdtempSync(path.join(dir, "redis-"));
    let own = await startRedis({ keep });
    try {
      // 480 backtests in 96 jobs of 5
      const args = OPTIMIZE("period=5:100:1");
      const local = spawn([...args, "--workers", "1", "--db", path.join(dir, "outage-local.db")]);
      const queued = spawn([
        ...[...args, "--queue", own.url, "--job-size", "5"],
        ...(WAIT_S === 5 ? [] : ["--queue-wait", String(WAIT_S)]),
        ...["--db", path.join(dir, "outage.db")],
      ]);
      // a job handed to a worker as Redis died can lose that answer with the connection: it is taken
      // again once its lock lapses, up to 2 × --lock-timeout later (30 s by default)
      const workers = [
        await worker(own.url, ["--lock-timeout", "5"]),
        await worker(own.url, ["--lock-timeout", "5"]),
      ];
      await queued.waitFor(/^(?!480\/)[1-9]\d*\/480 backtests done \(\d+\/96 jobs\)/m, 60_000);
      const down = performance.now();
      await own.stop();
      await queued.waitFor(/the queue's Redis at \S+ does not answer/, 20_000);
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      own = await startRedis({ port: Number(new URL(own.url).port), keep });
      const back = performance.now();
      const q = await finished(queued);
      const taken = workers.map((w) => w.output().match(/^job \S+: backtests/gm)?.length ?? 0);
      console.log(
        `Redis away ${((back - down) / 1000).toFixed(2)} s (stopped, ${OUTAGE_MS} ms, started again with its data); the sweep completed ${((performance.now() - back) / 1000).toFixed(2)} s later; the workers took ${taken.join(" + ")} jobs of 96 (more: a job run again)`,
      );
      expect(q).toBe(await finished(local));
      expect(JSON.parse(q).backtests).toEqual({ total: 480, reused: 0 });
      // every job counted once: the last progress line counts 96 of 96 and 480 backtests
      expect(queued.output()).toMatch(/^480\/480 backtests done \(96\/96 jobs\), 2 workers/m);
      expect(queued.output()).toMatch(
        new RegExp(
          `the queue's Redis at redis://127\\.0\\.0\\.1:\\d+ does not answer \\(.+\\); waiting up to ${WAIT_S} s for it[^\n]*\n(?:.*\n)*?the queue's Redis at \\S+ answers again; the sweep goes on`,
        ),
      );
      expect(queued.output()).not.toMatch(NO_STACK);
      for (const w of workers) {
        expect(w.output()).toMatch(
          /does not answer \(.+\); retrying until it does[^\n]*\n(?:.*\n)*?.*answers again; taking jobs/,
        );
        expect(w.proc.exitCode).toBeNull();
        expect(await w.stop("SIGINT")).toBe(0);
        expect(w.output()).not.toMatch(NO_STACK);
      }
    } finally {
      await own.stop();
    }
  });

  it("Redis lost for good under challenge simulate: exit 1 naming the queue (no password) with a rerun hint; the worker keeps retrying, Ctrl-C stops it", {
    timeout: 120_000,
  }, async () => {
    const password = `pw${Math.random().toString(36).slice(2)}`;
    const own = await startRedis({ password });
    try {
      const port = new URL(own.url).port;
      const queue = `redis://:${password}@127.0.0.1:${port}`;
      const w = await worker(queue);
      // 8 blocks of 250,000 paths, one at a time on the one worker
      const sim = spawn([
        ...["challenge", "simulate", "--program", "ftmo-2step", "--win-rate", "0.5", "--payoff", "1.5"],
        ...["--risk-pct", "1", "--paths", "2000000", "--workers", "8", "--queue", queue],
        ...["--queue-wait", "2"],
      ]);
      await sim.waitFor(/^[1-7]\/8 blocks done, 1 workers/m, 60_000);
      const down = performance.now();
      await own.stop();
      const after = () => `${((performance.now() - down) / 1000).toFixed(2)} s`;
      await sim.waitFor(/does not answer/, 30_000);
      const noticed = after();
      await sim.waitFor(/has not answered/, 30_000);
      const gaveUp = after();
      expect(await exitedWithin(sim, 30_000)).toBe(1);
      console.log(
        `challenge simulate, its Redis killed: said it does not answer after ${noticed}, gave up after ${gaveUp}, exited after ${after()}`,
      );
      const shown = `redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}`;
      expect(sim.output()).toMatch(
        new RegExp(
          `^the queue's Redis at ${shown} does not answer \\(.+\\); waiting up to 2 s for it \\(Ctrl-C stops\\)\n(?:.*\n)*?hydra: the queue's Redis at ${shown} has not answered for 2 s \\(.+\\): the sweep stops; challenge simulate keeps nothing: run the same command again once Redis answers \\(it starts over; the same --seed and --workers give the same result\\) \\[RUN_FAILED\\]$`,
          "m",
        ),
      );
      // the worker waits for Redis, however long it takes, until stopped
      await w.waitFor(
        new RegExp(
          `hydra worker: the queue's Redis at ${shown} does not answer \\(.+\\); retrying until it does \\(Ctrl-C stops\\)`,
        ),
        20_000,
      );
      await new Promise((r) => setTimeout(r, 2000));
      expect(w.proc.exitCode, w.output()).toBeNull();
      expect(await w.stop("SIGINT")).toBe(0);
      expect(w.output()).toMatch(
        /stopping \(Redis is away: its running jobs are dropped\)\nhydra worker: stopped/,
      );
      for (const p of [sim, w]) {
        expect(p.output()).not.toContain(password);
        expect(p.output()).not.toMatch(NO_STACK);
      }
    } finally {
      await own.stop();
    }
  });

  it("Ctrl-C while Redis is away: optimize and challenge simulate stop at once (exit 130), saying what is kept and what is left", async () => {
    const own = await startRedis();
    try {
      const sim = spawn([
        ...["challenge", "simulate", "--program", "ftmo-2step", "--win-rate", "0.5", "--payoff", "1.5"],
        ...["--risk-pct", "1", "--paths", "3000", "--workers", "4", "--queue", own.url],
      ]);
      const opt = spawn([
        ...OPTIMIZE("period=20"),
        ...["--queue", own.url, "--db", path.join(dir, "away.db")],
      ]);
      // no worker: the sweeps wait
      await sim.waitFor(/^0\/4 blocks done, 0 workers/m);
      await opt.waitFor(/^0\/5 backtests done \(0\/5 jobs\), 0 workers/m);
      await own.stop();
      for (const p of [sim, opt])
        await p.waitFor(/does not answer \(.+\); waiting up to 5 s for it \(Ctrl-C stops\)/);
      const asked = performance.now();
      const [simCode, optCode] = await Promise.all([sim.stop("SIGINT"), opt.stop("SIGINT")]);
      console.log(
        `Ctrl-C while Redis is away: both exited ${((performance.now() - asked) / 1000).toFixed(2)} s after the signal`,
      );
      expect(simCode, sim.output()).toBe(130);
      expect(sim.output()).toMatch(
        /^challenge simulate interrupted while the queue's Redis at redis:\/\/127\.0\.0\.1:\d+ was away: its jobs could not be removed \(a Redis back with its data still holds them, and workers will run them to no use\)$/m,
      );
      expect(optCode, opt.output()).toBe(130);
      expect(opt.output()).toMatch(
        /^optimize run \w+ interrupted: 0 of 5 backtests saved; run the same command again \(or add --resume \w+\) to continue$/m,
      );
      for (const p of [sim, opt]) {
        expect(p.output()).not.toMatch(/has not answered/);
        expect(p.output()).not.toMatch(NO_STACK);
      }
    } finally {
      await own.stop();
    }
  });
});
