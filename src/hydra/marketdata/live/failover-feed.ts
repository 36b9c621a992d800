import type { Clock } from "../../../core/clock.js";
import type { HydraError } from "../../../core/errors.js";
import { type FeedErrorCode, feedError, isFeedError } from "./feed-error.js";
import { GatedFeed } from "./gated-feed.js";
import type { PriceFeed, PriceQuote } from "./price-feed.js";
import type { BackoffOptions } from "./source-gate.js";

export interface FailoverOptions {
  clock: Clock;
  log: (line: string) => void;
  /** while a later source serves, an earlier one (the primary first) is tried again this often; default 60 s */
  probeMs?: number;
  /** the backoff of a source rate limited without a Retry-After */
  backoff?: BackoffOptions;
}

export interface FailoverCounters {
  /** the source that served the last successful poll (the primary before any) */
  active: string;
  /** changes of the serving source, there and back */
  switches: number;
  /** failed polls by source and code (a source skipped while rate limited is not asked, not counted) */
  failures: Record<string, Partial<Record<FeedErrorCode, number>>>;
  /** successful polls by source */
  served: Record<string, number>;
}

/**
 * Sources in order of preference: a poll uses the one serving now; when it fails (any FEED_ code) the
 * next ones are tried in the same poll, and the first that answers serves from then on. While a later
 * source serves, the earlier ones are tried first again every `probeMs` (wall time), so the primary
 * takes over again once it works. A rate-limited source is not asked before its Retry-After (GatedFeed).
 */
export class FailoverFeed implements PriceFeed {
  readonly name: string;
  /** each source's failure as last said (until it answers again) */
  private readonly lastSaid = new Map<string, string>();
  private readonly sources: readonly GatedFeed[];
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private readonly probeMs: number;
  private activeIx = 0;
  private probeAt = Number.NEGATIVE_INFINITY;
  private switches = 0;
  private readonly failures: Record<string, Partial<Record<FeedErrorCode, number>>> = {};
  private readonly served: Record<string, number> = {};

  constructor(feeds: readonly PriceFeed[], opts: FailoverOptions) {
    if (feeds.length === 0) throw new RangeError("FailoverFeed needs at least one source");
    this.clock = opts.clock;
    this.log = opts.log;
    this.probeMs = opts.probeMs ?? 60_000;
    this.sources = feeds.map((f) =>
      f instanceof GatedFeed ? f : new GatedFeed(f, opts.clock, opts.backoff),
    );
    this.name = this.sources.map((s) => s.name).join(">");
    for (const s of this.sources) {
      this.failures[s.name] = {};
      this.served[s.name] = 0;
    }
  }

  counters(): FailoverCounters {
    return {
      active: this.sources[this.activeIx]?.name ?? "",
      switches: this.switches,
      failures: Object.fromEntries(Object.entries(this.failures).map(([k, v]) => [k, { ...v }])),
      served: { ...this.served },
    };
  }

  async poll(symbols: readonly string[]): Promise<PriceQuote[]> {
    const n = this.sources.length;
    const probing = this.activeIx > 0 && this.clock.now() >= this.probeAt;
    if (probing) this.probeAt = this.clock.now() + this.probeMs;
    const start = probing ? 0 : this.activeIx;
    const tried: HydraError[] = [];
    for (let k = 0; k < n; k++) {
      const ix = (start + k) % n;
      const source = this.sources[ix]!;
      const wait = source.waitMs();
      if (wait > 0) {
        tried.push(
          feedError("FEED_RATE_LIMITED", source.name, `not asked for ${wait} ms more`, {
            retryAfterMs: wait,
          }),
        );
        continue;
      }
      try {
        const quotes = await source.poll(symbols);
        if (this.lastSaid.delete(source.name)) this.log(`price feed: ${source.name} answers again`);
        this.serve(ix, tried);
        return quotes;
      } catch (e) {
        if (!isFeedError(e)) throw e;
        const byCode = this.failures[source.name]!;
        byCode[e.code] = (byCode[e.code] ?? 0) + 1;
        tried.push(e);
        // said once while it lasts (counted every time): a source down for an hour is one line, not 720
        const said = `${e.code}: ${e.message}`;
        if (this.lastSaid.get(source.name) !== said) this.log(`price feed: ${source.name} failed (${said})`);
        this.lastSaid.set(source.name, said);
      }
    }
    throw this.allFailed(tried);
  }

  private serve(ix: number, failed: readonly HydraError[]): void {
    const source = this.sources[ix]!;
    this.served[source.name] = (this.served[source.name] ?? 0) + 1;
    if (ix === this.activeIx) return;
    const from = this.sources[this.activeIx]!.name;
    this.switches += 1;
    this.activeIx = ix;
    if (ix > 0) this.probeAt = this.clock.now() + this.probeMs;
    const why =
      ix === 0 ? "the primary works again" : failed.map((e) => `${e.details.source} ${e.code}`).join(", ");
    this.log(`price feed: switched from ${from} to ${source.name} (${why})`);
  }

  /** every source failed: rate limited if all were (with the soonest wait), else what they all said, else unavailable */
  private allFailed(tried: readonly HydraError[]): HydraError {
    const codes = new Set(tried.map((e) => e.code));
    const summary = tried.map((e) => `${e.details.source} ${e.code}`).join(", ");
    const failures = tried.map((e) => ({ source: e.details.source, code: e.code }));
    const only = codes.size === 1 ? ([...codes][0] as FeedErrorCode) : "FEED_UNAVAILABLE";
    if (only !== "FEED_RATE_LIMITED")
      return feedError(only, this.name, `every source failed: ${summary}`, { failures }, tried[0]);
    const retryAfterMs = Math.min(...this.sources.map((s) => s.waitMs()));
    return feedError("FEED_RATE_LIMITED", this.name, `every source is rate limited: ${summary}`, {
      failures,
      retryAfterMs,
    });
  }

  close(): void {
    for (const s of this.sources) s.close();
  }
}
