import type { Clock } from "../../../core/clock.js";
import { HydraError } from "../../../core/errors.js";
import { feedError, isFeedError } from "./feed-error.js";
import type { PriceFeed, PriceQuote } from "./price-feed.js";
import { type BackoffOptions, SourceGate } from "./source-gate.js";

/**
 * A source that is not asked again while it is rate limited: after a FEED_RATE_LIMITED, polls before the
 * Retry-After (or the backoff) fail at once with FEED_RATE_LIMITED (details.asked false) and the
 * remaining wait, without a request.
 */
export class GatedFeed implements PriceFeed {
  readonly name: string;
  private readonly gate: SourceGate;

  constructor(
    readonly inner: PriceFeed,
    clock: Clock,
    backoff: BackoffOptions = {},
  ) {
    this.name = inner.name;
    this.gate = new SourceGate(clock, backoff);
  }

  /** ms until the source may be asked (0: now) */
  waitMs(): number {
    return this.gate.waitMs();
  }

  async poll(symbols: readonly string[]): Promise<PriceQuote[]> {
    const wait = this.gate.waitMs();
    if (wait > 0)
      throw feedError("FEED_RATE_LIMITED", this.name, `rate limited: not asked for ${wait} ms more`, {
        retryAfterMs: wait,
        asked: false,
      });
    try {
      const quotes = await this.inner.poll(symbols);
      this.gate.succeeded();
      return quotes;
    } catch (e) {
      if (!isFeedError(e) || e.code !== "FEED_RATE_LIMITED") throw e;
      const said = typeof e.details.retryAfterMs === "number" ? e.details.retryAfterMs : undefined;
      const retryAfterMs = this.gate.rateLimited(said);
      throw new HydraError(e.code, e.message, { ...e.details, retryAfterMs, asked: true }, e);
    }
  }

  close(): void {
    this.inner.close?.();
  }
}
