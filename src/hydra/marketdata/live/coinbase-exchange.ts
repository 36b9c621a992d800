import {
  BadResponse,
  BadSymbol,
  coinbase as CcxtCoinbase,
  ExchangeNotAvailable,
  RateLimitExceeded,
} from "ccxt";
import { type Clock, LiveClock } from "../../../core/clock.js";
import { retryAfterMs } from "../http-json.js";

/** ccxt's RateLimitExceeded carrying the wait the server asked for (its Retry-After), when it said. */
export class CoinbaseRateLimited extends RateLimitExceeded {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/** Coinbase's error codes for a product id it does not list (404 NOT_FOUND; 400 INVALID_ARGUMENT). */
const UNKNOWN_PRODUCT = new Set(["NOT_FOUND", "INVALID_ARGUMENT"]);

function header(headers: Record<string, unknown> | undefined, name: string): string | null {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return String(v);
  return null;
}

/**
 * ccxt's coinbase client that judges a failed reply by its HTTP status before Coinbase's own handler,
 * which turns any JSON error body into a generic ExchangeError (so a 429 or a 503 with a JSON body would
 * lose what it is): 429/418 → RateLimitExceeded with the Retry-After, 5xx → ExchangeNotAvailable, an
 * unknown product → BadSymbol, a 2xx body that is not JSON (truncated) → BadResponse.
 */
export class FeedCoinbaseExchange extends CcxtCoinbase {
  /** reads an HTTP-date Retry-After; set by the feed to its injected clock */
  feedClock: Clock = new LiveClock();

  override handleErrors(
    code: number,
    reason: string,
    url: string,
    method: string,
    headers: Record<string, unknown>,
    body: string,
    response: unknown,
    requestHeaders: unknown,
    requestBody: unknown,
  ): undefined {
    const what = `${this.id} ${method} ${url} ${code}`;
    if (code === 429 || code === 418)
      throw new CoinbaseRateLimited(
        `${what} rate limited`,
        retryAfterMs(header(headers, "retry-after"), this.feedClock.now()),
      );
    if (code >= 500) throw new ExchangeNotAvailable(`${what} ${reason}`);
    const error = (response as { error?: unknown } | undefined)?.error;
    if ((code === 404 || code === 400) && typeof error === "string" && UNKNOWN_PRODUCT.has(error))
      throw new BadSymbol(`${what} ${error}`);
    if (code >= 200 && code < 300 && response === undefined)
      throw new BadResponse(`${what} the reply is not JSON: ${body.slice(0, 100)}`);
    return super.handleErrors(
      code,
      reason,
      url,
      method,
      headers,
      body,
      response,
      requestHeaders,
      requestBody,
    );
  }
}
