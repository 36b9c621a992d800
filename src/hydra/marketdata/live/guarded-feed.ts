import type { Clock } from "../../../core/clock.js";
import { JumpGuard } from "./jump-guard.js";
import type { PriceFeed, PriceQuote } from "./price-feed.js";
import { type Freshness, StaleTracker } from "./stale-tracker.js";

export interface GuardOptions {
  clock: Clock;
  log: (line: string) => void;
  /** an asset whose source timestamp has not moved for longer is stale; default 120 s */
  maxAgeMs?: number;
  /** a jump beyond this % is held for a poll (JumpGuard); default 10 */
  jumpPct?: number;
}

/**
 * A feed with its quotes checked before they reach the engines: jumps held for a poll (JumpGuard), and
 * each asset's freshness tracked on our wall clock (StaleTracker) from the quotes passed on.
 */
export class GuardedFeed<F extends PriceFeed = PriceFeed> implements PriceFeed {
  readonly name: string;
  private readonly jumps: JumpGuard;
  private readonly tracker: StaleTracker;

  constructor(
    readonly inner: F,
    opts: GuardOptions,
  ) {
    this.name = inner.name;
    this.jumps = new JumpGuard({
      log: opts.log,
      ...(opts.jumpPct === undefined ? {} : { jumpPct: opts.jumpPct }),
    });
    this.tracker = new StaleTracker(opts.clock, opts.maxAgeMs ?? 120_000);
  }

  async poll(symbols: readonly string[]): Promise<PriceQuote[]> {
    const quotes = this.jumps.filter(await this.inner.poll(symbols));
    this.tracker.observe(quotes);
    return quotes;
  }

  /** no quote whose source timestamp moved within maxAgeMs (or none at all) */
  isStale(symbol: string): boolean {
    return this.tracker.isStale(symbol);
  }

  freshness(symbol: string): Freshness {
    return this.tracker.freshness(symbol);
  }

  close(): void {
    this.inner.close?.();
  }
}
