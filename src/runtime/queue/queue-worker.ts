import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { MetricsTime, Queue, Worker } from "bullmq";
import { type QueueTarget, UNITS_QUEUE } from "./queue-url.js";
import { isConnectionError, reachRedis } from "./reach-redis.js";

export interface QueueWorkerOptions {
  target: QueueTarget;
  /** jobs run at once, each in its own child process */
  concurrency: number;
  /** a job whose worker stopped renewing its lock this long ago goes back to the queue (ms) */
  lockMs: number;
  /** serve the queue's metrics (BullMQ's Prometheus export) on 127.0.0.1:port/metrics; 0 = any free port */
  metricsPort?: number;
  onJob?: (name: string, id: string) => void;
  /** Redis stopped answering (with why) or answers again; said once per outage */
  onRedis?: (state: { up: false; why: string } | { up: true }) => void;
}

export interface RunningQueueWorker {
  /** the metrics port, when served */
  metricsPort?: number;
  /** stops taking jobs, lets the running ones finish, closes the connections */
  close(): Promise<void>;
}

/**
 * A BullMQ worker on the units queue with the sandboxed processor (unit-processor.js beside this file in
 * dist/): every job runs in a child process. A job whose worker dies is found stalled by another worker
 * after `lockMs` and run again there (at most twice more).
 */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<RunningQueueWorker> {
  await reachRedis(o.target);
  const { connection } = o.target;
  const processor = fileURLToPath(new URL("./unit-processor.js", import.meta.url));
  const worker = new Worker(UNITS_QUEUE, processor, {
    connection,
    concurrency: o.concurrency,
    lockDuration: o.lockMs,
    stalledInterval: o.lockMs,
    maxStalledCount: 2,
    // a fetch or completion refused while Redis is away is made again after 1 s, not BullMQ's 15 s: a
    // worker goes on within a second or two of Redis's return (reconnectDelay) instead of idling
    runRetryDelay: 1000,
    // the completed and failed counts BullMQ's Prometheus export reports
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    name: "hydra-worker",
  });
  worker.on("active", (job) => o.onJob?.(job.name, String(job.id)));
  // a connection error while BullMQ reconnects; a failed job is retried or fails its sweep, which the
  // submitter reports
  let down = false;
  worker.on("error", (e) => {
    if (down || !isConnectionError(e.message)) return;
    down = true;
    o.onRedis?.({ up: false, why: e.message });
  });
  await worker.waitUntilReady();
  (await worker.getBackend().client).on("ready", () => {
    if (!down) return;
    down = false;
    o.onRedis?.({ up: true });
  });
  let server: Server | undefined;
  let queue: Queue | undefined;
  let metricsPort: number | undefined;
  if (o.metricsPort !== undefined) {
    const q = new Queue(UNITS_QUEUE, { connection });
    q.on("error", () => {});
    queue = q;
    server = createServer((req, res) => {
      if (req.url !== "/metrics") {
        res.writeHead(404).end();
        return;
      }
      q.exportPrometheusMetrics({ worker: "hydra" }).then(
        (text) =>
          res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(promtoolClean(text)),
        (e: unknown) => res.writeHead(503).end(`${e instanceof Error ? e.message : String(e)}\n`),
      );
    });
    const s = server;
    metricsPort = await new Promise<number>((resolve, reject) => {
      s.once("error", reject);
      s.listen(o.metricsPort, "127.0.0.1", () => resolve((s.address() as { port: number }).port));
    });
  }
  return {
    ...(metricsPort === undefined ? {} : { metricsPort }),
    async close() {
      // with Redis gone, BullMQ's close would wait for it: the running jobs are dropped (they run again
      // elsewhere once their locks lapse) and the connections cut
      await worker.close(down);
      if (down) (await queue?.getBackend().client)?.disconnect();
      else await queue?.close();
      await new Promise<void>((r) => (server === undefined ? r() : server.close(() => r())));
    },
  };
}

/**
 * BullMQ's export with a final newline and its job-count gauge named bullmq_jobs: `promtool check metrics`
 * refuses a gauge ending in _count (the suffix of summaries and histograms).
 */
function promtoolClean(text: string): string {
  const renamed = text.replace(/^((?:# (?:HELP|TYPE) )?)bullmq_job_count\b/gm, "$1bullmq_jobs");
  return renamed.endsWith("\n") ? renamed : `${renamed}\n`;
}
