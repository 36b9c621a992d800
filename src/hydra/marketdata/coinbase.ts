import { coinbase as CcxtCoinbase, type OHLCV } from "ccxt";
import { HydraError } from "../../core/errors.js";
import { type Bar, TIMEFRAME_MS, type Timeframe } from "../../model/market-data.js";
import { COINBASE_MAX_CANDLES, COINBASE_TIMEFRAMES } from "./coinbase-timeframes.js";

export interface CoinbaseOptions {
  /** read for COINBASE_API_KEY_NAME and COINBASE_API_PRIVATE_KEY only; never logged */
  env?: Readonly<Record<string, string | undefined>>;
  /** replaces https://api.coinbase.com (tests point it at a local server) */
  restUrl?: string;
  timeoutMs?: number;
}

/** BTC-USD → BTC/USD. */
export function ccxtSymbol(symbol: string): string {
  const [base, quote] = symbol.toUpperCase().split("-");
  if (!base || !quote)
    throw new HydraError("MARKET_DATA", `"${symbol}" is not a BASE-QUOTE symbol such as BTC-USD`, { symbol });
  return `${base}/${quote}`;
}

/** An EC private key from an env var: a PEM whose line breaks may be written as "\n". */
function pemFromEnv(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v.replace(/\\n/g, "\n");
}

/**
 * A ccxt coinbase client: keys from the injected env (public endpoints only without them), the REST base
 * URL and the timeout. `Exchange` lets a caller bring a subclass (the live feed's error classification).
 */
export function createCoinbaseExchange<T extends CcxtCoinbase>(
  opts: CoinbaseOptions = {},
  Exchange: new (config: object) => T = CcxtCoinbase as unknown as new (
    config: object,
  ) => T,
): T {
  const env = opts.env ?? {};
  const apiKey = env.COINBASE_API_KEY_NAME;
  const secret = pemFromEnv(env.COINBASE_API_PRIVATE_KEY);
  const exchange = new Exchange({
    enableRateLimit: true,
    timeout: opts.timeoutMs ?? 10_000,
    ...(apiKey === undefined || apiKey === "" ? {} : { apiKey }),
    ...(secret === undefined ? {} : { secret }),
  });
  if (opts.restUrl !== undefined) exchange.urls.api = { rest: opts.restUrl.replace(/\/+$/, "") };
  return exchange;
}

/**
 * Registers the spot market of a HYDRA symbol (BTC-USD → BTC/USD, id BTC-USD) so that requests need no
 * loadMarkets round trips (which would fetch every product, future and currency); returns the ccxt symbol.
 */
export function registerSpotMarket(exchange: CcxtCoinbase, symbol: string): string {
  const unified = ccxtSymbol(symbol);
  if (exchange.markets?.[unified] !== undefined) return unified;
  const [base = "", quote = ""] = unified.split("/");
  const market = {
    id: symbol.toUpperCase(),
    symbol: unified,
    base,
    quote,
    baseId: base,
    quoteId: quote,
    type: "spot",
    spot: true,
    active: true,
    precision: {},
    limits: {},
  };
  const known = Object.values(exchange.markets ?? {});
  exchange.setMarkets([...known, market]);
  return unified;
}

/** Coinbase Advanced Trade market data through ccxt; keys (optional for candles) from the injected env. */
export class CoinbaseMarketData {
  readonly exchange: CcxtCoinbase;

  constructor(opts: CoinbaseOptions = {}) {
    this.exchange = createCoinbaseExchange(opts);
  }

  /** True when both key variables were given (the values are never exposed). */
  get hasCredentials(): boolean {
    return Boolean(this.exchange.apiKey) && Boolean(this.exchange.secret);
  }

  /** Up to 300 candles from `since` (epoch ms) for a HYDRA symbol (BTC-USD). */
  async fetchBars(
    symbol: string,
    timeframe: Timeframe,
    since: number,
    limit = COINBASE_MAX_CANDLES,
  ): Promise<Bar[]> {
    const tf = COINBASE_TIMEFRAMES[timeframe];
    if (tf === undefined)
      throw new HydraError(
        "MARKET_DATA",
        `Coinbase has no ${timeframe} candles; use ${Object.keys(COINBASE_TIMEFRAMES).join(", ")}`,
        { timeframe },
      );
    const unified = registerSpotMarket(this.exchange, symbol);
    let rows: OHLCV[];
    try {
      rows = await this.exchange.fetchOHLCV(unified, tf, since, Math.min(limit, COINBASE_MAX_CANDLES));
    } catch (e) {
      const name = e instanceof Error ? e.name : "Error";
      throw new HydraError("MARKET_DATA", `Coinbase candles ${symbol} ${timeframe}: ${name}`, { symbol }, e);
    }
    const len = TIMEFRAME_MS[timeframe];
    return rows
      .map(([t, o, h, l, c, v]) => ({
        symbol: symbol.toUpperCase(),
        timeframe,
        time: Number(t),
        endTime: Number(t) + len,
        open: Number(o),
        high: Number(h),
        low: Number(l),
        close: Number(c),
        volume: Number(v ?? 0),
        spread: Number.NaN,
      }))
      .sort((a, b) => a.time - b.time);
  }
}
