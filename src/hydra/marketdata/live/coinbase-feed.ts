import { BadSymbol, type Ticker } from "ccxt";
import type { Clock } from "../../../core/clock.js";
import type { HydraError } from "../../../core/errors.js";
import { createCoinbaseExchange, registerSpotMarket } from "../coinbase.js";
import { feedErrorFromCcxt } from "./ccxt-feed-error.js";
import { FeedCoinbaseExchange } from "./coinbase-exchange.js";
import { feedError, isFeedError } from "./feed-error.js";
import type { PriceFeed, PriceQuote } from "./price-feed.js";
import { worstFeedError } from "./worst-feed-error.js";

export interface CoinbaseFeedOptions {
  clock: Clock;
  /** read for COINBASE_API_KEY_NAME and COINBASE_API_PRIVATE_KEY only (signed requests when both are set) */
  env?: Readonly<Record<string, string | undefined>>;
  /** replaces https://api.coinbase.com (ccxt's urls.api.rest) */
  baseUrl?: string;
  /** per request; default 10 s */
  timeoutMs?: number;
}

const SOURCE = "coinbase";

function positive(v: number | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v) && v > 0;
}

/**
 * A ticker as a quote: the best bid and ask, the last trade (its time is the source time). A last trade
 * outside the current book is older news than the book, so it is brought inside it (bid ≤ last ≤ ask).
 */
function quoteFromTicker(symbol: string, t: Ticker): PriceQuote {
  const { bid, ask, last, timestamp } = t;
  if (!positive(bid) || !positive(ask))
    throw feedError("FEED_BAD_DATA", SOURCE, `${symbol}: no best bid/ask in the ticker`, { symbol });
  if (bid > ask)
    throw feedError("FEED_BAD_DATA", SOURCE, `${symbol}: crossed book (bid ${bid} > ask ${ask})`, { symbol });
  if (!positive(last) || !positive(timestamp))
    throw feedError("FEED_BAD_DATA", SOURCE, `${symbol}: no last trade in the ticker`, { symbol });
  return { symbol, bid, ask, last: Math.min(ask, Math.max(bid, last)), sourceTime: timestamp };
}

/**
 * Coinbase Advanced Trade through ccxt's fetchTicker, one request per symbol:
 * GET /api/v3/brokerage/market/products/{id}/ticker?limit=1 (public), or .../brokerage/products/{id}/ticker
 * signed with the API key when the env has one (higher rate limits). Markets are registered locally, so
 * ccxt makes no loadMarkets round trips; a product Coinbase does not list is left out.
 */
export class CoinbaseFeed implements PriceFeed {
  readonly name = SOURCE;
  private readonly exchange: FeedCoinbaseExchange;
  private readonly signed: boolean;

  constructor(opts: CoinbaseFeedOptions) {
    this.exchange = createCoinbaseExchange(
      {
        ...(opts.env === undefined ? {} : { env: opts.env }),
        ...(opts.baseUrl === undefined ? {} : { restUrl: opts.baseUrl }),
        ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      },
      FeedCoinbaseExchange,
    );
    this.exchange.feedClock = opts.clock;
    this.signed = Boolean(this.exchange.apiKey) && Boolean(this.exchange.secret);
  }

  async poll(symbols: readonly string[]): Promise<PriceQuote[]> {
    const wanted = [...new Set(symbols.map((s) => s.toUpperCase()))].filter((s) =>
      /^[A-Z0-9]+-[A-Z0-9]+$/.test(s),
    );
    const settled = await Promise.allSettled(wanted.map((s) => this.quote(s)));
    const quotes: PriceQuote[] = [];
    const errors: HydraError[] = [];
    for (const r of settled) {
      if (r.status === "fulfilled") {
        if (r.value !== undefined) quotes.push(r.value);
      } else if (isFeedError(r.reason)) errors.push(r.reason);
      else throw r.reason;
    }
    const worst = worstFeedError(errors);
    if (worst !== undefined) throw worst;
    return quotes;
  }

  /** undefined for a product Coinbase does not list */
  private async quote(symbol: string): Promise<PriceQuote | undefined> {
    const unified = registerSpotMarket(this.exchange, symbol);
    let ticker: Ticker;
    try {
      ticker = await this.exchange.fetchTicker(unified, { usePrivate: this.signed });
    } catch (e) {
      if (e instanceof BadSymbol) return undefined;
      throw feedErrorFromCcxt(e, SOURCE, `ticker ${symbol}`) ?? e;
    }
    return quoteFromTicker(symbol, ticker);
  }

  close(): void {
    void this.exchange.close().catch(() => undefined);
  }
}
