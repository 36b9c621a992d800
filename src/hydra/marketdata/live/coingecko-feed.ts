import { z } from "zod";
import type { Clock } from "../../../core/clock.js";
import { HydraError } from "../../../core/errors.js";
import { coingeckoAsset, coingeckoKeyHeaders } from "../coingecko.js";
import { type HttpFailure, HttpJson } from "../http-json.js";
import { feedError } from "./feed-error.js";
import type { PriceFeed, PriceQuote } from "./price-feed.js";
import { quoteAroundLast } from "./quote-around-last.js";

export interface CoinGeckoFeedOptions {
  clock: Clock;
  /** replaces https://api.coingecko.com (a pro key wants https://pro-api.coingecko.com) */
  baseUrl?: string;
  /** sent as x-cg-pro-api-key to pro-api, x-cg-demo-api-key otherwise; never logged */
  apiKey?: string;
  /** per request; default 10 s */
  timeoutMs?: number;
  /** the made-up spread between bid and ask, % of the price; default 0.1 */
  spreadPct?: number;
}

const SOURCE = "coingecko";
const DEFAULT_SPREAD_PCT = 0.1;

/** simple/price: {bitcoin: {usd: 97000.5, last_updated_at: 1735689600}} (an id it does not know is absent) */
const SIMPLE_PRICE = z.record(z.string(), z.record(z.string(), z.number().finite()));

/** HttpJson's MARKET_DATA failure as a feed error, by its details.reason and status. */
function fromHttp(e: unknown): unknown {
  if (!(e instanceof HydraError) || e.code !== "MARKET_DATA") return e;
  const { reason, status, retryAfterMs } = e.details as {
    reason?: HttpFailure;
    status?: number;
    retryAfterMs?: number;
  };
  if (status === 429) return feedError("FEED_RATE_LIMITED", SOURCE, e.message, { retryAfterMs, status }, e);
  if (reason === "json") return feedError("FEED_BAD_DATA", SOURCE, e.message, { status }, e);
  return feedError("FEED_UNAVAILABLE", SOURCE, e.message, { status }, e);
}

function assetOf(symbol: string): { symbol: string; id: string; vs: string } | undefined {
  try {
    return { symbol, ...coingeckoAsset(symbol) };
  } catch {
    return undefined; // no CoinGecko id: left out
  }
}

/**
 * CoinGecko's GET /api/v3/simple/price with include_last_updated_at, one request a poll for all symbols.
 * CoinGecko has a last price only: bid and ask are made up around it (`spreadPct`); its time is whole
 * seconds. No retries inside a poll: the caller (FailoverFeed, GatedFeed) decides what a failure means.
 */
export class CoinGeckoFeed implements PriceFeed {
  readonly name = SOURCE;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly http: HttpJson;
  private readonly spreadPct: number;

  constructor(opts: CoinGeckoFeedOptions) {
    this.baseUrl = (opts.baseUrl ?? "https://api.coingecko.com").replace(/\/+$/, "");
    this.headers = coingeckoKeyHeaders(this.baseUrl, opts.apiKey);
    this.spreadPct = opts.spreadPct ?? DEFAULT_SPREAD_PCT;
    this.http = new HttpJson({ retries: 0, timeoutMs: opts.timeoutMs ?? 10_000 }, { clock: opts.clock });
  }

  async poll(symbols: readonly string[]): Promise<PriceQuote[]> {
    const assets = [...new Set(symbols.map((s) => s.toUpperCase()))]
      .map(assetOf)
      .filter((a) => a !== undefined);
    if (assets.length === 0) return [];
    const q = new URLSearchParams({
      ids: [...new Set(assets.map((a) => a.id))].join(","),
      vs_currencies: [...new Set(assets.map((a) => a.vs))].join(","),
      include_last_updated_at: "true",
    });
    let raw: unknown;
    try {
      raw = await this.http.get(`${this.baseUrl}/api/v3/simple/price?${q}`, this.headers);
    } catch (e) {
      throw fromHttp(e);
    }
    const body = SIMPLE_PRICE.safeParse(raw);
    if (!body.success)
      throw feedError(
        "FEED_BAD_DATA",
        SOURCE,
        `simple/price is not {id: {currency: number}}: ${body.error.issues[0]?.message}`,
      );
    const quotes: PriceQuote[] = [];
    for (const a of assets) {
      const row = body.data[a.id];
      const price = row?.[a.vs];
      if (row === undefined || price === undefined) continue;
      const updated = row.last_updated_at;
      if (!(price > 0) || updated === undefined)
        throw feedError("FEED_BAD_DATA", SOURCE, `${a.symbol}: price ${price}, last_updated_at ${updated}`, {
          symbol: a.symbol,
        });
      quotes.push(quoteAroundLast(a.symbol, price, updated * 1000, this.spreadPct));
    }
    return quotes;
  }
}
