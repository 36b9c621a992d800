import { FlowProducer, Job, Queue } from "bullmq";
import { Redis } from "ioredis";
import { HydraError } from "../../core/errors.js";
import { type QueueTarget, REDIS_WAIT_MS, SWEEPS_QUEUE, UNITS_QUEUE } from "./queue-url.js";
import { isConnectionError, reachRedis } from "./reach-redis.js";
import { decodeExact, encodeExact, type UnitJob, type UnitResult } from "./unit-job.js";

interface QueueProgress {
  /** units done (a job counts its `units`) */
  done: number;
  total: number;
  jobsDone: number;
  jobs: number;
  /** `hydra worker` processes connected to the queue right now */
  workers: number;
}

export interface QueueSweep {
  target: QueueTarget;
  /** what the parent job is called ("optimize 3f2a…", "challenge simulate") */
  label: string;
  /**
   * the jobs, each with a key unique in the sweep, a name workers show, and the units it holds (what
   * progress counts)
   */
  jobs: ReadonlyArray<{ key: string; name: string; units: number; data: UnitJob }>;
  onResult: (key: string, result: UnitResult) => void;
  stop: Promise<void>;
  onProgress?: (p: QueueProgress) => void;
  /** how often the parent's finished children are read (ms) */
  pollMs?: number;
  /** how long Redis may stay silent before the sweep stops (ms); default REDIS_WAIT_MS */
  redisWaitMs?: number;
  /** Redis stopped answering (with why, and how long it is waited for) or answers again; once per outage */
  onRedis?: (state: { up: false; why: string; waitMs: number } | { up: true }) => void;
}

/** a job tried this many times (a worker killed or failing each time) fails the sweep */
const ATTEMPTS = 3;
/** what ends a call made while Redis is away when the sweep is stopped */
const ABANDONED = Symbol("stopped while Redis is away");
/** while Redis is away, a refused read is made again this often */
const RETRY_MS = 250;

/**
 * Runs a sweep on BullMQ workers: one flow, a parent job (kept in its own queue, which no worker takes
 * from) whose children are the jobs, in the queue `hydra worker` takes from. The parent's newly finished
 * children are read every `pollMs` and each result handed to `onResult` once, by its key: a job retried
 * after its worker died returns under the same key and is not counted again. A child that fails every
 * attempt fails the sweep (RUN_FAILED, with its reason). A Redis that goes away is waited for: the reads
 * are made again once it answers, and a sweep whose Redis comes back with its data goes on (the workers'
 * results kept there meanwhile are read then); one silent for `redisWaitMs` stops the sweep (RUN_FAILED,
 * naming it and why; the results handed over so far stay handed over). When
 * `stop` resolves, the sweep's jobs are removed (a job running on a worker finishes there, unread) and
 * "stopped" is returned; when it resolves while Redis is away, the wait ends at once and "abandoned" is
 * returned (the jobs could not be removed: a Redis back with its data still holds them).
 */
export async function runOnQueue(sweep: QueueSweep): Promise<"done" | "stopped" | "abandoned"> {
  if (sweep.jobs.length === 0) return "done";
  await reachRedis(sweep.target);
  // a connection dropped while Redis is away ends its socket at once (ioredis waits 2 s by default for a
  // socket still trying to connect, and the command's exit with it)
  const connection = { ...sweep.target.connection, disconnectTimeout: 100 };
  const flows = new FlowProducer({ connection });
  const units = new Queue(UNITS_QUEUE, { connection });
  const parents = new Queue(SWEEPS_QUEUE, { connection });
  // reads the finished children's results (ioredis itself: BullMQ reads them all at once)
  const redis = new Redis(connection);
  const answerMs = sweep.redisWaitMs ?? REDIS_WAIT_MS;
  // ioredis retries in the background; what it last said is the reason given when Redis stays silent
  let lastError: string | undefined;
  let down = false;
  const remember = (e: Error): void => {
    lastError = e.message;
    if (down || !isConnectionError(e.message)) return;
    down = true;
    sweep.onRedis?.({ up: false, why: e.message, waitMs: answerMs });
    abandonIfStopped();
  };
  // Ctrl-C while Redis is away ends the wait at once: the sweep's jobs cannot be removed then
  let stopAsked = false;
  let abandon: (e: unknown) => void = () => {};
  const abandoned = new Promise<never>((_, reject) => {
    abandon = reject;
  });
  abandoned.catch(() => {});
  const abandonIfStopped = (): void => {
    if (stopAsked && down) abandon(ABANDONED);
  };
  void sweep.stop.then(() => {
    stopAsked = true;
    abandonIfStopped();
  });
  flows.on("error", remember);
  units.on("error", remember);
  parents.on("error", remember);
  redis.on("error", remember);
  let lost = false;
  const lostError = (): HydraError => {
    lost = true;
    return new HydraError(
      "RUN_FAILED",
      `the queue's Redis at ${sweep.target.shown} has not answered for ${answerMs / 1000} s${lastError === undefined ? "" : ` (${lastError})`}: the sweep stops`,
      { field: "--queue", redisLost: true },
    );
  };
  // Redis's silence: it starts with the first call left unanswered (or refused for want of a connection)
  // and ends with the next answer; when it lasts answerMs the sweep stops. The calls are made one at a
  // time, so one timer serves them all (no clock is read).
  let silence: { timer: NodeJS.Timeout; over: Promise<never> } | undefined;
  const silent = (): Promise<never> => {
    if (silence === undefined) {
      let timer: NodeJS.Timeout | undefined;
      const over = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(lostError()), answerMs);
      });
      // rejects only while a call waits on it, which then handles it
      over.catch(() => {});
      silence = { timer: timer!, over };
    }
    return silence.over;
  };
  const heard = (): void => {
    if (silence !== undefined) clearTimeout(silence.timer);
    silence = undefined;
    if (!down) return;
    down = false;
    sweep.onRedis?.({ up: true });
  };
  /**
   * The answer to `call`. A call refused because the connection is down is made again every
   * RETRY_MS while ioredis reconnects (the calls made here read, or remove what may already be gone:
   * making one twice does no harm), so an outage shorter than answerMs is ridden out; `once` calls are
   * made once. Redis silent for answerMs, or a call refused for another reason, stops the sweep
   * (RUN_FAILED, redisLost).
   */
  const answered = async <T>(call: () => Promise<T>, once = false): Promise<T> => {
    for (;;) {
      const over = silent();
      try {
        const value = await Promise.race([call(), over, abandoned]);
        heard();
        return value;
      } catch (e) {
        if (e instanceof HydraError || e === ABANDONED) throw e;
        const said = e instanceof Error ? e.message : String(e);
        if (once || !isConnectionError(said)) {
          lost = true;
          throw new HydraError(
            "RUN_FAILED",
            `the queue's Redis at ${sweep.target.shown} failed: ${said}${lastError === undefined ? "" : ` (${lastError})`}: the sweep stops`,
            { field: "--queue", redisLost: true },
          );
        }
        remember(e instanceof Error ? e : new Error(said));
        await Promise.race([over, abandoned, new Promise((r) => setTimeout(r, RETRY_MS))]);
      }
    }
  };
  const byJobKey = new Map<string, { key: string; units: number }>();
  const total = sweep.jobs.reduce((n, j) => n + j.units, 0);
  try {
    // added once: a flow refused half-way might be there or not
    const tree = await answered(
      () =>
        flows.add({
          name: sweep.label,
          queueName: SWEEPS_QUEUE,
          data: { label: sweep.label, jobs: sweep.jobs.length, units: total },
          children: sweep.jobs.map((j) => ({
            name: j.name,
            queueName: UNITS_QUEUE,
            data: { key: j.key, job: encodeExact(j.data) },
            // a finished child's result lives on in its parent, which is read; the child itself can go
            opts: {
              attempts: ATTEMPTS,
              failParentOnFailure: true,
              removeOnComplete: true,
              removeOnFail: false,
            },
          })),
        }),
      true,
    );
    const parent = tree.job;
    const processedKey = `${parents.toKey(parent.id!)}:processed`;
    const ofKey = new Map(sweep.jobs.map((j) => [j.key, j.units]));
    for (const c of tree.children ?? []) {
      const key = (c.job.data as { key: string }).key;
      byJobKey.set(`${c.job.queueQualifiedName}:${c.job.id}`, { key, units: ofKey.get(key)! });
    }
    const seen = new Set<string>();
    let done = 0;
    let stopped = false;
    void sweep.stop.then(() => {
      stopped = true;
    });
    const progress = async (): Promise<QueueProgress> => ({
      done,
      total,
      jobsDone: seen.size,
      jobs: sweep.jobs.length,
      workers: await answered(() => units.getWorkersCount()),
    });
    let lastSaid = "";
    while (!stopped) {
      // the finished children's keys, then the results not read yet (not all of them at every poll:
      // an optimisation's results are tens of kilobytes each)
      const finished = await answered(() => redis.hkeys(processedKey));
      const fresh = finished.filter((k) => byJobKey.has(k) && !seen.has(byJobKey.get(k)!.key));
      const values = fresh.length === 0 ? [] : await answered(() => redis.hmget(processedKey, ...fresh));
      fresh.forEach((jobKey, i) => {
        const job = byJobKey.get(jobKey)!;
        seen.add(job.key);
        done += job.units;
        // BullMQ keeps a return value as JSON: here the string the processor returned
        sweep.onResult(job.key, decodeExact<UnitResult>(JSON.parse(values[i]!) as string));
      });
      if (seen.size === sweep.jobs.length) break;
      // a Redis restarted without its data has forgotten the sweep: its results would never come
      if ((await answered(() => parents.getJobState(parent.id!))) === "unknown")
        throw new HydraError(
          "RUN_FAILED",
          `the queue's Redis at ${sweep.target.shown} no longer holds the sweep (restarted without its data?): the sweep stops`,
          { field: "--queue", redisLost: true },
        );
      // a child that failed its last attempt: BullMQ moves the parent on, with the child among its failures
      const { failed = 0 } = await answered(() => parent.getDependenciesCount({ failed: true }));
      if (failed > 0) throw await answered(() => failure(parent, units));
      if (sweep.onProgress !== undefined) {
        const p = await progress();
        const said = `${p.done}/${p.workers}`;
        if (said !== lastSaid) sweep.onProgress(p);
        lastSaid = said;
      }
      await Promise.race([sweep.stop, new Promise((r) => setTimeout(r, sweep.pollMs ?? 200))]);
    }
    if (!stopped) sweep.onProgress?.(await progress());
    await answered(() => removeSweep(parent)).catch((e: unknown) => {
      if (lost || e === ABANDONED) throw e;
    });
    return stopped ? "stopped" : "done";
  } catch (e) {
    if (e !== ABANDONED) throw e;
    lost = true;
    return "abandoned";
  } finally {
    // a call abandoned while Redis was silent leaves its silence's timer, which would hold the process
    if (silence !== undefined) clearTimeout(silence.timer);
    // a Redis that went away: drop the connections at once (BullMQ's close and disconnect wait for an
    // answer or a socket event that never comes, and the process would end with the promise unsettled)
    const closing = Promise.allSettled([
      ...[flows, units, parents].map(async (c) => {
        if (!lost) return c.close();
        (await c.getBackend().client).disconnect();
      }),
      lost ? redis.disconnect() : redis.quit(),
    ]);
    // and never longer than Redis is given to answer: one that died while the sweep ended (after its last
    // answer, before the close) is dropped as a lost one is
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      closing.then(() => false),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(true), answerMs);
      }),
    ]);
    clearTimeout(timer);
    if (late) {
      redis.disconnect();
      for (const c of [flows, units, parents])
        void c.getBackend().client.then(
          (client) => client.disconnect(),
          () => undefined,
        );
    }
  }
}

/**
 * Removes a sweep's parent and its children. A child running on a worker cannot be removed (BullMQ keeps
 * a locked job): the others are, then the parent alone, and that child removes itself when it finishes
 * (removeOnComplete), its result unread.
 */
async function removeSweep(parent: Job): Promise<void> {
  await parent.removeUnprocessedChildren();
  try {
    await parent.remove({ removeChildren: true });
  } catch {
    await parent.remove({ removeChildren: false });
  }
}

async function failure(parent: Job, units: Queue): Promise<HydraError> {
  const key = (await parent.getDependencies({ failed: { count: 1 } })).failed?.[0];
  const child = key === undefined ? undefined : await Job.fromId(units, key.split(":").at(-1)!);
  await removeSweep(parent).catch(() => {});
  return new HydraError(
    "RUN_FAILED",
    `a job of the sweep failed on a worker: ${child?.failedReason ?? "no reason recorded"}`,
  );
}
