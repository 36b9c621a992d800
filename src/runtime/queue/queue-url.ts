import { HydraError } from "../../core/errors.js";

/** Where the queue is: the Redis connection (ioredis options) and the URL as it may be shown. */
export interface QueueTarget {
  readonly connection: {
    host: string;
    port: number;
    username?: string;
    password?: string;
    db?: number;
    tls?: Record<string, never>;
    /** BullMQ: a worker waits for Redis as long as it takes */
    maxRetriesPerRequest: null;
    /** ioredis: the delay before the next attempt to reconnect (ms), see reconnectDelay */
    retryStrategy: (attempt: number) => number;
  };
  /** the URL without its password, for logs */
  readonly shown: string;
}

/**
 * `--queue redis://[user:password@]host[:port][/db]` (rediss:// for TLS) → the connection; a password is
 * never part of `shown`.
 */
export function parseQueueUrl(flag: string, text: string): QueueTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HydraError("CLI_USAGE", `${flag} must be a URL like redis://127.0.0.1:6379`, { field: flag });
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:")
    throw new HydraError("CLI_USAGE", `${flag} must start with redis:// or rediss://`, { field: flag });
  if (url.hostname === "")
    throw new HydraError("CLI_USAGE", `${flag} needs a host: redis://HOST:PORT`, { field: flag });
  const port = url.port === "" ? 6379 : Number(url.port);
  // the URL parser refuses ports above 65535; 0 is no port to connect to
  if (port === 0)
    throw new HydraError("CLI_USAGE", `${flag}: the port must be 1-65535, got 0`, { field: flag });
  const dbText = url.pathname.replace(/^\//, "");
  const db = dbText === "" ? undefined : Number(dbText);
  if (db !== undefined && !(Number.isInteger(db) && db >= 0))
    throw new HydraError(
      "CLI_USAGE",
      `${flag}: the database after the port must be a number, got "${dbText}"`,
      {
        field: flag,
      },
    );
  const password = url.password === "" ? undefined : decodeURIComponent(url.password);
  const username = url.username === "" ? undefined : decodeURIComponent(url.username);
  const auth =
    username === undefined && password === undefined
      ? ""
      : `${username ?? ""}${password === undefined ? "" : ":***"}@`;
  return {
    connection: {
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port,
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      ...(db === undefined ? {} : { db }),
      ...(url.protocol === "rediss:" ? { tls: {} } : {}),
      maxRetriesPerRequest: null,
      retryStrategy: reconnectDelay,
    },
    shown: `${url.protocol}//${auth}${url.host}${db === undefined ? "" : `/${db}`}`,
  };
}

/**
 * A Redis that went away is tried again after 0.5 s, 1 s, then every 2 s for as long as it takes: a
 * worker or submitter goes on within 2 s of its return. (BullMQ's own delays grow to 20 s: after a 20 s
 * outage the workers came back up to 20 s late, and a job whose lock lapsed meanwhile ran again.)
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(250 * 2 ** attempt, 2000);
}

/** The queue the unit jobs wait in (what `hydra worker` takes from) and the one their parents are kept in. */
export const UNITS_QUEUE = "hydra-units";
export const SWEEPS_QUEUE = "hydra-sweeps";

/**
 * A submitter gives up on a Redis that has not answered for this long, by default (`--queue-wait`): an
 * outage shorter than that (a restart, a network blip) is ridden out, a longer one stops the sweep.
 */
export const REDIS_WAIT_MS = 5000;
