import { FlowProducer, Job, Queue } from "bullmq";
import { HydraError } from "../../core/errors.js";
import { type QueueTarget, SWEEPS_QUEUE, UNITS_QUEUE } from "./queue-url.js";
import { reachRedis } from "./reach-redis.js";
import { decodeExact, encodeExact, type UnitJob, type UnitResult } from "./unit-job.js";

export interface QueueProgress {
  done: number;
  total: number;
  /** `hydra worker` processes connected to the queue right now */
  workers: number;
}

export interface QueueSweep {
  target: QueueTarget;
  /** what the parent job is called ("optimize 3f2a…", "challenge simulate") */
  label: string;
  /** the jobs, each with a key unique in the sweep (its unit: "trial/segment", "spec/shard") */
  jobs: ReadonlyArray<{ key: string; data: UnitJob }>;
  onResult: (key: string, result: UnitResult) => void;
  stop: Promise<void>;
  onProgress?: (p: QueueProgress) => void;
  /** how often the parent's finished children are read (ms) */
  pollMs?: number;
}

/** a job tried this many times (a worker killed or failing each time) fails the sweep */
const ATTEMPTS = 3;

/**
 * Runs a sweep on BullMQ workers: one flow, a parent job (kept in its own queue, which no worker takes
 * from) whose children are the units, one job each, in the queue `hydra worker` takes from. The parent's
 * finished children are read every `pollMs` and each result handed to `onResult` once, by its key: a job
 * retried after its worker died returns under the same key and is not counted again. A child that fails
 * every attempt fails the sweep (RUN_FAILED, with its reason). When `stop` resolves, the sweep's jobs are
 * removed (a unit running on a worker finishes there, unread) and "stopped" is returned.
 */
export async function runOnQueue(sweep: QueueSweep): Promise<"done" | "stopped"> {
  if (sweep.jobs.length === 0) return "done";
  await reachRedis(sweep.target);
  const { connection } = sweep.target;
  const flows = new FlowProducer({ connection });
  const units = new Queue(UNITS_QUEUE, { connection });
  const parents = new Queue(SWEEPS_QUEUE, { connection });
  const byJobKey = new Map<string, string>();
  try {
    const tree = await flows.add({
      name: sweep.label,
      queueName: SWEEPS_QUEUE,
      data: { label: sweep.label, units: sweep.jobs.length },
      children: sweep.jobs.map((j) => ({
        name: j.key,
        queueName: UNITS_QUEUE,
        data: { job: encodeExact(j.data) },
        opts: { attempts: ATTEMPTS, failParentOnFailure: true, removeOnFail: false },
      })),
    });
    const parent = tree.job;
    for (const c of tree.children ?? []) byJobKey.set(`${c.job.queueQualifiedName}:${c.job.id}`, c.job.name);
    const seen = new Set<string>();
    let stopped = false;
    void sweep.stop.then(() => {
      stopped = true;
    });
    let lastSaid = "";
    while (!stopped) {
      const values = (await parent.getChildrenValues()) as Record<string, string>;
      for (const [jobKey, result] of Object.entries(values)) {
        const key = byJobKey.get(jobKey);
        if (key === undefined || seen.has(key)) continue;
        seen.add(key);
        sweep.onResult(key, decodeExact<UnitResult>(result));
      }
      if (seen.size === sweep.jobs.length) break;
      // a child that failed its last attempt: BullMQ moves the parent on, with the child among its failures
      const { failed = 0 } = await parent.getDependenciesCount({ failed: true });
      if (failed > 0) throw await failure(parent, units);
      if (sweep.onProgress !== undefined) {
        const p = { done: seen.size, total: sweep.jobs.length, workers: await units.getWorkersCount() };
        const said = `${p.done}/${p.workers}`;
        if (said !== lastSaid) sweep.onProgress(p);
        lastSaid = said;
      }
      await Promise.race([sweep.stop, new Promise((r) => setTimeout(r, sweep.pollMs ?? 200))]);
    }
    if (stopped) {
      await parent.remove({ removeChildren: true }).catch(() => {});
      return "stopped";
    }
    sweep.onProgress?.({
      done: seen.size,
      total: sweep.jobs.length,
      workers: await units.getWorkersCount(),
    });
    await parent.remove({ removeChildren: true }).catch(() => {});
    return "done";
  } finally {
    await Promise.allSettled([flows.close(), units.close(), parents.close()]);
  }
}

async function failure(parent: Job, units: Queue): Promise<HydraError> {
  const key = (await parent.getDependencies({ failed: { count: 1 } })).failed?.[0];
  const child = key === undefined ? undefined : await Job.fromId(units, key.split(":").at(-1)!);
  await parent.remove({ removeChildren: true }).catch(() => {});
  return new HydraError(
    "RUN_FAILED",
    `a job of the sweep failed on a worker: ${child?.failedReason ?? "no reason recorded"}`,
  );
}
