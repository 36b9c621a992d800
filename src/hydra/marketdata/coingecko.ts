import { HydraError } from "../../core/errors.js";
import { type Bar, TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from "../../model/market-data.js";
import { HttpJson } from "./http-json.js";

const COIN_IDS: Readonly<Record<string, string>> = { BTC: "bitcoin", ETH: "ethereum", SOL: "solana" };

/** HYDRA symbol (BTC-USD) → CoinGecko coin id and vs currency (bitcoin, usd). */
export function coingeckoAsset(symbol: string): { id: string; vs: string } {
  const [base, quote] = symbol.toUpperCase().split("-");
  const id = base === undefined ? undefined : COIN_IDS[base];
  if (id === undefined || quote === undefined || quote === "")
    throw new HydraError(
      "MARKET_DATA",
      `no CoinGecko id for "${symbol}"; known: ${Object.keys(COIN_IDS)
        .map((b) => `${b}-USD`)
        .join(", ")}`,
      { symbol },
    );
  return { id, vs: quote.toLowerCase() };
}

/** The key header: a pro key for pro-api.coingecko.com, a demo key otherwise (none without a key). */
export function coingeckoKeyHeaders(baseUrl: string, apiKey: string | undefined): Record<string, string> {
  if (apiKey === undefined || apiKey === "") return {};
  return { [baseUrl.includes("pro-api") ? "x-cg-pro-api-key" : "x-cg-demo-api-key"]: apiKey };
}

export interface CoinGeckoOptions {
  baseUrl?: string;
  apiKey?: string;
  http?: HttpJson;
}

function num(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new HydraError("MARKET_DATA", `CoinGecko: ${what} is not a number: ${JSON.stringify(v)}`);
  return v;
}

/** The bar length of CoinGecko's automatic granularity (30 min, 4 h, 4 days) from the row spacing. */
function spacingTimeframe(rows: readonly (readonly number[])[]): Timeframe {
  if (rows.length < 2) return "M30";
  const step = (rows[1]?.[0] ?? 0) - (rows[0]?.[0] ?? 0);
  const tf = TIMEFRAMES.find((t) => TIMEFRAME_MS[t] === step);
  if (tf === undefined)
    throw new HydraError(
      "MARKET_DATA",
      `CoinGecko OHLC spacing of ${step} ms is no HYDRA timeframe (ask for at most 30 days)`,
      { step },
    );
  return tf;
}

export class CoinGeckoClient {
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly http: HttpJson;

  constructor(opts: CoinGeckoOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? "https://api.coingecko.com/api/v3").replace(/\/+$/, "");
    this.headers = coingeckoKeyHeaders(this.baseUrl, opts.apiKey);
    this.http = opts.http ?? new HttpJson({ ratePerSecond: 0.5, burst: 1 });
  }

  /** Prices by coin id and vs currency: simplePrice(["bitcoin"], ["usd"]) → {bitcoin: {usd: 97000}}. */
  async simplePrice(
    ids: readonly string[],
    vs: readonly string[],
  ): Promise<Record<string, Record<string, number>>> {
    const q = new URLSearchParams({ ids: ids.join(","), vs_currencies: vs.join(",") });
    const body = await this.http.get(`${this.baseUrl}/simple/price?${q}`, this.headers);
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new HydraError("MARKET_DATA", "CoinGecko simple/price: the reply is not an object");
    const out: Record<string, Record<string, number>> = {};
    for (const [id, prices] of Object.entries(body)) {
      if (typeof prices !== "object" || prices === null) continue;
      out[id] = {};
      for (const [cur, p] of Object.entries(prices as Record<string, unknown>))
        out[id][cur] = num(p, `${id}.${cur}`);
    }
    return out;
  }

  /**
   * OHLC candles of /coins/{id}/ohlc ([time, o, h, l, c] rows; the time is the candle's close). Bars
   * carry `symbol`, open time = close time − bar length, volume 0 (CoinGecko gives none).
   */
  async ohlc(id: string, vs: string, days: number, symbol = `${id}-${vs}`.toUpperCase()): Promise<Bar[]> {
    const q = new URLSearchParams({ vs_currency: vs, days: String(days) });
    const body = await this.http.get(
      `${this.baseUrl}/coins/${encodeURIComponent(id)}/ohlc?${q}`,
      this.headers,
    );
    if (!Array.isArray(body))
      throw new HydraError("MARKET_DATA", "CoinGecko ohlc: the reply is not an array");
    const rows = body.map((r: unknown, i) => {
      if (!Array.isArray(r) || r.length < 5)
        throw new HydraError("MARKET_DATA", `CoinGecko ohlc row ${i}: expected [time, o, h, l, c]`);
      return r.slice(0, 5).map((v: unknown, j) => num(v, `row ${i} field ${j}`));
    });
    const timeframe = spacingTimeframe(rows);
    const len = TIMEFRAME_MS[timeframe];
    return rows.map(([t = 0, open = 0, high = 0, low = 0, close = 0]) => ({
      symbol,
      timeframe,
      time: t - len,
      endTime: t,
      open,
      high,
      low,
      close,
      volume: 0,
      spread: Number.NaN,
    }));
  }
}
