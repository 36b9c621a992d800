import { HydraError } from "../core/errors.js";
import { parseQueueUrl, type QueueTarget, REDIS_WAIT_MS } from "../runtime/queue/queue-url.js";
import { numberOption } from "./options.js";

/** `--queue-wait`'s help, the same for every command that submits sweeps */
export const QUEUE_WAIT_HELP = `with --queue: seconds the queue's Redis may stay silent (restarted, network lost) before the sweep stops; it is waited for meanwhile (default ${REDIS_WAIT_MS / 1000})`;

/** `--queue URL [--queue-wait S]` → where the sweep goes and how long its Redis is waited for. */
export function queueOptions(flags: { queue?: string; queueWait?: string }): {
  queue?: QueueTarget;
  redisWaitMs?: number;
} {
  const queue = flags.queue === undefined ? undefined : parseQueueUrl("--queue", flags.queue);
  const wait = numberOption("--queue-wait", flags.queueWait, { positive: true, max: 3600 });
  if (wait === undefined) return queue === undefined ? {} : { queue };
  if (queue === undefined)
    throw new HydraError(
      "CLI_USAGE",
      "--queue-wait is how long --queue's Redis is waited for: give --queue too",
      {
        field: "--queue-wait",
      },
    );
  return { queue, redisWaitMs: wait * 1000 };
}
