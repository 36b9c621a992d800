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

/** Coinbase Advanced Trade market data through ccxt; keys (optional for candles) from the injected env. */
export class CoinbaseMarketData {
  readonly exchange: CcxtCoinbase;

  constructor(opts: CoinbaseOptions = {}) {
    const env = opts.env ?? {};
    const apiKey = env.COINBASE_API_KEY_NAME;
    const secret = pemFromEnv(env.COINBASE_API_PRIVATE_KEY);
    this.exchange = new CcxtCoinbase({
      enableRateLimit: true,
      timeout: opts.timeoutMs ?? 10_000,
      ...(apiKey === undefined || apiKey === "" ? {} : { apiKey }),
      ...(secret === undefined ? {} : { secret }),
    });
    if (opts.restUrl !== undefined) this.exchange.urls.api = { rest: opts.restUrl.replace(/\/+$/, "") };
  }

  /** True when both key variables were given (the values are never exposed). */
  get hasCredentials(): boolean {
    return Boolean(this.exchange.apiKey) && Boolean(this.exchange.secret);
  }

  /** Registers a spot market so candles need no loadMarkets round trips. */
  private ensureMarket(symbol: string, id: string): void {
    if (this.exchange.markets?.[symbol] !== undefined) return;
    const [base = "", quote = ""] = symbol.split("/");
    const market = {
      id,
      symbol,
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
    const known = Object.values(this.exchange.markets ?? {});
    this.exchange.setMarkets([...known, market]);
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
    const unified = ccxtSymbol(symbol);
    this.ensureMarket(unified, symbol.toUpperCase());
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
