import { BadResponse, BaseError, DDoSProtection, RateLimitExceeded } from "ccxt";
import type { HydraError } from "../../../core/errors.js";
import { CoinbaseRateLimited } from "./coinbase-exchange.js";
import { feedError } from "./feed-error.js";

/**
 * A ccxt error as a feed error: RateLimitExceeded/DDoSProtection → FEED_RATE_LIMITED (with the server's
 * Retry-After when known), BadResponse → FEED_BAD_DATA, anything else of ccxt's (NetworkError,
 * RequestTimeout, ExchangeNotAvailable, an authentication or exchange error) → FEED_UNAVAILABLE.
 * Undefined for an error that is not ccxt's (a bug: the caller rethrows it as it is).
 */
export function feedErrorFromCcxt(e: unknown, source: string, what: string): HydraError | undefined {
  if (!(e instanceof BaseError)) return undefined;
  const said = `${what}: ${e.name}: ${e.message.slice(0, 300)}`;
  if (e instanceof RateLimitExceeded || e instanceof DDoSProtection) {
    const retryAfterMs = e instanceof CoinbaseRateLimited ? e.retryAfterMs : undefined;
    return feedError("FEED_RATE_LIMITED", source, said, { retryAfterMs }, e);
  }
  if (e instanceof BadResponse) return feedError("FEED_BAD_DATA", source, said, {}, e);
  return feedError("FEED_UNAVAILABLE", source, said, { ccxtError: e.name }, e);
}
