import { HydraError } from "../../../core/errors.js";

/** The three ways a price source fails (PriceFeed.poll's contract). */
export type FeedErrorCode = "FEED_RATE_LIMITED" | "FEED_UNAVAILABLE" | "FEED_BAD_DATA";

const FEED_CODES: ReadonlySet<string> = new Set<FeedErrorCode>([
  "FEED_RATE_LIMITED",
  "FEED_UNAVAILABLE",
  "FEED_BAD_DATA",
]);

/** A feed failure naming its source (details.source); retryAfterMs only for a rate limit the source timed. */
export function feedError(
  code: FeedErrorCode,
  source: string,
  message: string,
  details: { retryAfterMs?: number | undefined } & Record<string, unknown> = {},
  cause?: unknown,
): HydraError {
  const clean = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
  return new HydraError(code, `${source}: ${message}`, { source, ...clean }, cause);
}

export function isFeedError(e: unknown): e is HydraError & { code: FeedErrorCode } {
  return e instanceof HydraError && FEED_CODES.has(e.code);
}
