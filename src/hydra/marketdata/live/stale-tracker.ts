import type { Clock } from "../../../core/clock.js";
import type { PriceQuote } from "./price-feed.js";

export interface Freshness {
  symbol: string;
  /** the source's timestamp of the newest quote (its clock: may be skewed against ours) */
  sourceTime: number | undefined;
  /** our wall time when that timestamp last moved; undefined before the first quote */
  movedAt: number | undefined;
  /** our wall time since then */
  ageMs: number | undefined;
  stale: boolean;
}

/**
 * Per asset, when (on our wall clock) the source's timestamp last moved; an asset is stale when it has not
 * moved for more than `maxAgeMs` (a frozen source, or polls failing), or when it never had a quote. Judged
 * by our clock since the timestamp moved, never by now − sourceTime, so a source whose clock is minutes
 * off is fresh as long as its timestamps move. A timestamp that changes backwards (another source after a
 * failover) counts as moved: the quote is new.
 */
export class StaleTracker {
  private readonly seen = new Map<string, { sourceTime: number; movedAt: number }>();

  constructor(
    private readonly clock: Clock,
    readonly maxAgeMs: number,
  ) {
    if (!(maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be > 0, got ${maxAgeMs}`);
  }

  observe(quotes: readonly PriceQuote[]): void {
    const now = this.clock.now();
    for (const q of quotes) {
      const prev = this.seen.get(q.symbol);
      if (prev === undefined || prev.sourceTime !== q.sourceTime)
        this.seen.set(q.symbol, { sourceTime: q.sourceTime, movedAt: now });
    }
  }

  freshness(symbol: string): Freshness {
    const s = this.seen.get(symbol);
    if (s === undefined)
      return { symbol, sourceTime: undefined, movedAt: undefined, ageMs: undefined, stale: true };
    const ageMs = this.clock.now() - s.movedAt;
    return { symbol, sourceTime: s.sourceTime, movedAt: s.movedAt, ageMs, stale: ageMs > this.maxAgeMs };
  }

  isStale(symbol: string): boolean {
    return this.freshness(symbol).stale;
  }
}
