import type { HydraError } from "../../../core/errors.js";

const RANK: Readonly<Record<string, number>> = {
  FEED_RATE_LIMITED: 0,
  FEED_UNAVAILABLE: 1,
  FEED_BAD_DATA: 2,
};

/**
 * The error a poll of several requests fails with: a rate limit first (the caller must slow down; the
 * longest Retry-After wins), then the source being unreachable, then bad data.
 */
export function worstFeedError(errors: readonly HydraError[]): HydraError | undefined {
  const sorted = [...errors].sort(
    (a, b) =>
      (RANK[a.code] ?? 3) - (RANK[b.code] ?? 3) ||
      Number(b.details.retryAfterMs ?? -1) - Number(a.details.retryAfterMs ?? -1),
  );
  return sorted[0];
}
