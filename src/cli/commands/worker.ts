import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { parseQueueUrl, UNITS_QUEUE } from "../../runtime/queue/queue-url.js";
import { startQueueWorker } from "../../runtime/queue/queue-worker.js";
import type { CliIo } from "../io.js";
import { numberOption, portOption } from "../options.js";
import { untilStopped } from "../stop-signal.js";

interface WorkerFlags {
  queue: string;
  concurrency?: string;
  lockTimeout: string;
  metricsPort?: string;
}

/** `hydra worker`: runs the units of sweeps submitted with --queue (optimize, challenge simulate). */
export function registerWorker(program: Command, io: CliIo): void {
  program
    .command("worker")
    .description(
      "run the jobs of sweeps submitted with --queue (hydra optimize, hydra challenge simulate) until Ctrl-C; start one on every machine that should take part",
    )
    .requiredOption(
      "--queue <url>",
      "the Redis the sweeps are queued in: redis://[user:password@]host:port[/db]",
    )
    .option("--concurrency <n>", "jobs run at once, each in its own process (default: the available cores)")
    .option(
      "--lock-timeout <s>",
      "seconds after which a job of a worker that stopped answering (killed, machine lost) runs elsewhere",
      "30",
    )
    .option(
      "--metrics-port <port>",
      "serve the queue's metrics (Prometheus) on 127.0.0.1:PORT/metrics; 0 = any",
    )
    .action(async (flags: WorkerFlags) => {
      const target = parseQueueUrl("--queue", flags.queue);
      const concurrency =
        numberOption("--concurrency", flags.concurrency, { integer: true, positive: true, max: 64 }) ??
        Math.min(availableParallelism(), 64);
      const lockMs = numberOption("--lock-timeout", flags.lockTimeout, { positive: true, max: 3600 })! * 1000;
      const metricsPort = portOption("--metrics-port", flags.metricsPort);
      let redisAway = false;
      await untilStopped(async (stop) => {
        const w = await startQueueWorker({
          target,
          concurrency,
          lockMs,
          ...(metricsPort === undefined ? {} : { metricsPort }),
          onJob: (name, id) => io.err(`job ${id}: ${name}\n`),
          onRedis: (s) => {
            redisAway = !s.up;
            io.err(
              s.up
                ? `hydra worker: ${target.shown} answers again; taking jobs\n`
                : `hydra worker: the queue's Redis at ${target.shown} does not answer (${s.why}); retrying until it does (Ctrl-C stops)\n`,
            );
          },
        });
        io.err(
          `hydra worker: taking jobs from ${target.shown} (queue ${UNITS_QUEUE}), ${concurrency} at once${w.metricsPort === undefined ? "" : `; metrics on http://127.0.0.1:${w.metricsPort}/metrics`}\n`,
        );
        await stop;
        io.err(
          redisAway
            ? "hydra worker: stopping (Redis is away: its running jobs are dropped)\n"
            : "hydra worker: stopping (letting running jobs finish)\n",
        );
        await w.close();
        io.err("hydra worker: stopped\n");
      });
    });
}
