import { type Clock, LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { RateLimiter, type Sleep } from "./rate-limiter.js";

export interface HttpJsonOptions {
  /** per attempt; default 10 s */
  timeoutMs?: number;
  /** retries after the first attempt for 429, 5xx, timeouts and network errors; default 3 */
  retries?: number;
  /** first backoff; doubles each retry; default 500 ms */
  baseDelayMs?: number;
  /** cap on one backoff or Retry-After wait; default 30 s */
  maxDelayMs?: number;
  /** requests per second (token bucket); unlimited when absent */
  ratePerSecond?: number;
  /** bucket size; default 1 */
  burst?: number;
  headers?: Record<string, string>;
}

export interface HttpJsonDeps {
  clock?: Clock;
  sleep?: Sleep;
  /** in [0, 1): the backoff jitter */
  random?: () => number;
  fetch?: typeof fetch;
}

const SECRET_PARAM = /key|token|secret|sig|pass|auth/i;

/** The URL for messages: values of secret-looking query parameters replaced by "***". */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const name of [...u.searchParams.keys()]) {
      if (SECRET_PARAM.test(name)) u.searchParams.set(name, "***");
    }
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return url.split("?")[0] ?? url;
  }
}

/** Retry-After as milliseconds from now (delta seconds or an HTTP date), undefined when absent/bad. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** What went wrong in a request (details.reason of its MARKET_DATA error): callers decide by this, not by text. */
export type HttpFailure = "timeout" | "network" | "status" | "json";

type Attempt =
  | { ok: true; value: unknown }
  | { ok: false; retry: boolean; waitMs?: number; error: HydraError };

/** GETs JSON with timeouts, retries (exponential backoff with jitter, honouring Retry-After) and a rate limit. */
export class HttpJson {
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly doFetch: typeof fetch;
  private readonly limiter: RateLimiter | undefined;

  constructor(
    private readonly opts: HttpJsonOptions = {},
    deps: HttpJsonDeps = {},
  ) {
    this.clock = deps.clock ?? new LiveClock();
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = deps.random ?? Math.random;
    this.doFetch = deps.fetch ?? fetch;
    this.limiter =
      opts.ratePerSecond === undefined
        ? undefined
        : new RateLimiter(opts.ratePerSecond, opts.burst ?? 1, this.clock, this.sleep);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<unknown> {
    const retries = this.opts.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      await this.limiter?.take();
      const r = await this.once(url, headers, attempt + 1);
      if (r.ok) return r.value;
      if (!r.retry || attempt >= retries) throw r.error;
      await this.sleep(r.waitMs ?? this.backoff(attempt));
    }
  }

  private backoff(attempt: number): number {
    const base = this.opts.baseDelayMs ?? 500;
    const cap = this.opts.maxDelayMs ?? 30_000;
    const exp = Math.min(cap, base * 2 ** attempt);
    return Math.round(exp * (0.5 + 0.5 * this.random()));
  }

  private async once(url: string, headers: Record<string, string>, attempts: number): Promise<Attempt> {
    const shown = safeUrl(url);
    const fail = (
      retry: boolean,
      reason: HttpFailure,
      message: string,
      extra: Record<string, unknown>,
      cause?: unknown,
    ) => ({
      ok: false as const,
      retry,
      error: new HydraError(
        "MARKET_DATA",
        `GET ${shown}: ${message} (after ${attempts} attempt${attempts === 1 ? "" : "s"})`,
        { url: shown, attempts, reason, ...extra },
        cause,
      ),
    });
    let res: Response;
    try {
      res = await this.doFetch(url, {
        headers: { accept: "application/json", ...this.opts.headers, ...headers },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (e) {
      const timeout = e instanceof Error && e.name === "TimeoutError";
      return timeout
        ? fail(true, "timeout", "timed out", {}, e)
        : fail(true, "network", `network error: ${String(e)}`, {}, e);
    }
    const text = await res.text().catch(() => "");
    if (!res.ok) {
      const retry = res.status === 429 || res.status >= 500;
      const cap = this.opts.maxDelayMs ?? 30_000;
      const after = retryAfterMs(res.headers.get("retry-after"), this.clock.now());
      const message = `HTTP ${res.status} ${text.slice(0, 200)}`.trim();
      const out = fail(retry, "status", message, {
        status: res.status,
        ...(after === undefined ? {} : { retryAfterMs: after }),
      });
      return after === undefined ? out : { ...out, waitMs: Math.min(cap, after) };
    }
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch (e) {
      return fail(false, "json", `the reply is not JSON: ${text.slice(0, 100)}`, { status: res.status }, e);
    }
  }
}
