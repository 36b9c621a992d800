import { Redis } from "ioredis";
import { HydraError } from "../../core/errors.js";
import type { QueueTarget } from "./queue-url.js";

/**
 * One PING to the queue's Redis, with no retries: resolves when it answers, else a RUN_FAILED error that
 * names the URL as shown (never the password) and the reason, so a wrong --queue fails at once instead of
 * waiting for a server that is not there.
 */
export async function reachRedis(target: QueueTarget, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...target.connection,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let refused: Error | undefined;
  client.on("error", (e: Error) => {
    refused = e;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new HydraError(
      "RUN_FAILED",
      `cannot reach the queue's Redis at ${target.shown}: ${refused?.message ?? (e instanceof Error ? e.message : String(e))}`,
      { field: "--queue" },
    );
  } finally {
    client.disconnect();
  }
}

/** what ioredis and BullMQ say while the server is away (refused, reset, closed, still loading its data) */
export function isConnectionError(message: string): boolean {
  return CONNECTION_ERROR.test(message);
}

const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EPIPE|Connection is closed|LOADING/;
