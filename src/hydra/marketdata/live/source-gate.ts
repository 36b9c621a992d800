import type { Clock } from "../../../core/clock.js";

export interface BackoffOptions {
  /** the first wait after a rate limit that named none; doubles with each one after it; default 1 s */
  baseMs?: number;
  /** the longest such wait; default 60 s (a wait the source named is kept as it is) */
  capMs?: number;
}

/**
 * When a rate-limited source may be asked again, on the injected clock: after the Retry-After it sent,
 * or after an exponential backoff (base × 2^n, capped) when it sent none; a success starts the
 * backoff over.
 */
export class SourceGate {
  private openAt = Number.NEGATIVE_INFINITY;
  private strikes = 0;
  private readonly baseMs: number;
  private readonly capMs: number;

  constructor(
    private readonly clock: Clock,
    opts: BackoffOptions = {},
  ) {
    this.baseMs = opts.baseMs ?? 1000;
    this.capMs = opts.capMs ?? 60_000;
  }

  /** ms until the source may be asked (0: now) */
  waitMs(): number {
    return Math.max(0, this.openAt - this.clock.now());
  }

  /** a rate limit: returns the wait it imposes */
  rateLimited(retryAfterMs: number | undefined): number {
    const wait = retryAfterMs ?? Math.min(this.capMs, this.baseMs * 2 ** this.strikes);
    this.strikes += 1;
    this.openAt = this.clock.now() + wait;
    return wait;
  }

  succeeded(): void {
    this.strikes = 0;
  }
}
