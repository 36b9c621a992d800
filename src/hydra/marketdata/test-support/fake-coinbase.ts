import type { IncomingMessage } from "node:http";
import {
  type FakeFeedServer,
  type FakeProviderOptions,
  type FakeQuote,
  type ProviderWire,
  type Reply,
  startFakeProvider,
} from "./fake-provider.js";

/** Coinbase Advanced Trade's public and (JWT-signed) private product ticker, as ccxt's fetchTicker asks. */
const TICKER = /^\/api\/v3\/brokerage\/(market\/)?products\/([^/]+)\/ticker$/;
/** The public candles, as ccxt's fetchOHLCV asks (start, end in seconds; granularity FIVE_MINUTE, …). */
const CANDLES = /^\/api\/v3\/brokerage\/market\/products\/([^/]+)\/candles$/;
const GRANULARITY_S: Readonly<Record<string, number>> = {
  ONE_MINUTE: 60,
  FIVE_MINUTE: 300,
  FIFTEEN_MINUTE: 900,
  THIRTY_MINUTE: 1800,
  ONE_HOUR: 3600,
};

/**
 * Candles up to the provider's time around the product's last price (a small wave, so indicators have
 * something to measure), newest first, as Coinbase sends them; at most 300.
 */
function candlesBody(url: URL, q: FakeQuote, sourceTime: number): unknown {
  const step = GRANULARITY_S[url.searchParams.get("granularity") ?? ""] ?? 300;
  const nowS = Math.floor(sourceTime / 1000 / step) * step;
  const startS = Math.max(Number(url.searchParams.get("start") ?? nowS - 300 * step), nowS - 299 * step);
  const candles: unknown[] = [];
  for (let t = nowS - step; t >= startS; t -= step) {
    const mid = q.last * (1 + 0.002 * Math.sin(t / step / 6));
    candles.push({
      start: String(t),
      low: (mid * 0.999).toFixed(2),
      high: (mid * 1.001).toFixed(2),
      open: mid.toFixed(2),
      close: (mid * 1.0002).toFixed(2),
      volume: "12.5",
    });
  }
  return { candles };
}

export interface FakeCoinbase extends FakeFeedServer {
  /** the `sub` claim (the API key name) of each signed request's JWT, in order */
  readonly signedBy: string[];
}

/** Coinbase prints the trade time with microseconds: 2025-01-01T00:00:00.123000Z. */
function coinbaseTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000Z");
}

function jwtSubject(authorization: string | undefined): string | undefined {
  const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
  const payload = token?.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const sub = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: unknown }).sub;
    return typeof sub === "string" ? sub : undefined;
  } catch {
    return undefined;
  }
}

function tickerBody(productId: string, q: FakeQuote, sourceTime: number, tradeId: number): unknown {
  return {
    trades: [
      {
        trade_id: String(tradeId),
        product_id: productId,
        price: String(q.last),
        size: "0.00100000",
        time: coinbaseTime(sourceTime),
        side: "BUY",
        bid: "",
        ask: "",
        exchange: "coinbase",
      },
    ],
    best_bid: String(q.bid),
    best_ask: String(q.ask),
  };
}

class CoinbaseWire implements ProviderWire {
  readonly signedBy: string[] = [];
  private tradeId = 1_000_000;
  private lastTime = Number.NaN;

  answer(url: URL, req: IncomingMessage, quotes: ReadonlyMap<string, FakeQuote>, sourceTime: number): Reply {
    const c = CANDLES.exec(url.pathname);
    if (c !== null) {
      const q = quotes.get(decodeURIComponent(c[1] ?? "").toUpperCase());
      if (q === undefined)
        return {
          status: 404,
          body: {
            error: "NOT_FOUND",
            error_details: "ProductID is invalid",
            message: "ProductID is invalid",
          },
        };
      return { status: 200, body: candlesBody(url, q, sourceTime) };
    }
    const m = TICKER.exec(url.pathname);
    if (m === null) return { status: 404, body: "404 page not found" };
    const productId = decodeURIComponent(m[2] ?? "").toUpperCase();
    if (m[1] === undefined) {
      const sub = jwtSubject(req.headers.authorization);
      if (sub === undefined)
        return {
          status: 401,
          body: { error: "UNAUTHENTICATED", error_details: "", message: "Unauthorized" },
        };
      this.signedBy.push(sub);
    }
    const q = quotes.get(productId);
    if (q === undefined)
      return {
        status: 404,
        body: { error: "NOT_FOUND", error_details: "ProductID is invalid", message: "ProductID is invalid" },
      };
    if (sourceTime !== this.lastTime) this.tradeId += 1;
    this.lastTime = sourceTime;
    return { status: 200, body: tickerBody(productId, q, sourceTime, this.tradeId) };
  }

  rateLimitedBody(): unknown {
    return { errors: [{ id: "rate_limit_exceeded", message: "Too many requests" }] };
  }
}

/**
 * A local server speaking Coinbase Advanced Trade's product ticker (GET
 * /api/v3/brokerage/market/products/{id}/ticker, and /api/v3/brokerage/products/{id}/ticker when signed):
 * the last trade at the set price and the provider's time, the best bid and ask; an unknown product is
 * 404 NOT_FOUND. Also the public candles (GET /api/v3/brokerage/market/products/{id}/candles) around the
 * last price. Point HYDRA_COINBASE_URL at `url`.
 */
export async function startFakeCoinbase(opts: FakeProviderOptions = {}): Promise<FakeCoinbase> {
  const wire = new CoinbaseWire();
  const server = await startFakeProvider(wire, opts);
  return Object.assign(server, { signedBy: wire.signedBy });
}
