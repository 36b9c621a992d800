import type { QueueTarget } from "../runtime/queue/queue-url.js";
import type { QueueSweep } from "../runtime/queue/run-on-queue.js";

/** The line a submitting command prints when its queue's Redis stops answering or answers again. */
export function redisSaid(
  target: QueueTarget,
  state: Parameters<NonNullable<QueueSweep["onRedis"]>>[0],
): string {
  return state.up
    ? `the queue's Redis at ${target.shown} answers again; the sweep goes on\n`
    : `the queue's Redis at ${target.shown} does not answer (${state.why}); waiting up to ${state.waitMs / 1000} s for it (Ctrl-C stops)\n`;
}
