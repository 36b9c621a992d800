import type { IncomingMessage } from "node:http";
import { coingeckoAsset } from "../coingecko.js";
import {
  type FakeFeedServer,
  type FakeProviderOptions,
  type FakeQuote,
  type ProviderWire,
  type Reply,
  startFakeProvider,
} from "./fake-provider.js";

export interface FakeCoinGecko extends FakeFeedServer {
  /** the API key header of each request (demo or pro; "" when none was sent), in order */
  readonly keys: string[];
}

/** A symbol CoinGecko has no id for is simply not listed. */
function assetOf(symbol: string): { id: string; vs: string } | undefined {
  try {
    return coingeckoAsset(symbol);
  } catch {
    return undefined;
  }
}

class CoinGeckoWire implements ProviderWire {
  readonly keys: string[] = [];

  answer(url: URL, req: IncomingMessage, quotes: ReadonlyMap<string, FakeQuote>, sourceTime: number): Reply {
    const key = req.headers["x-cg-pro-api-key"] ?? req.headers["x-cg-demo-api-key"] ?? "";
    this.keys.push(String(key));
    if (url.pathname !== "/api/v3/simple/price") return { status: 404, body: { error: "Incorrect path." } };
    const ids = (url.searchParams.get("ids") ?? "").split(",").filter((s) => s !== "");
    const vs = (url.searchParams.get("vs_currencies") ?? "").split(",").filter((s) => s !== "");
    if (ids.length === 0 || vs.length === 0)
      return { status: 400, body: { error: "Missing parameter ids or vs_currencies" } };
    const withTime = url.searchParams.get("include_last_updated_at") === "true";
    const byId = new Map<string, Record<string, number>>();
    for (const [symbol, q] of quotes) {
      const asset = assetOf(symbol);
      if (asset !== undefined) byId.set(asset.id, { ...byId.get(asset.id), [asset.vs]: q.last });
    }
    const body: Record<string, Record<string, number>> = {};
    for (const id of ids) {
      const prices = byId.get(id);
      if (prices === undefined) continue; // CoinGecko leaves an unknown id out
      const row: Record<string, number> = {};
      for (const cur of vs) if (prices[cur] !== undefined) row[cur] = prices[cur];
      if (withTime) row.last_updated_at = Math.floor(sourceTime / 1000);
      body[id] = row;
    }
    return { status: 200, body };
  }

  rateLimitedBody(): unknown {
    return { status: { error_code: 429, error_message: "You've exceeded the Rate Limit." } };
  }
}

/**
 * A local server speaking CoinGecko's GET /api/v3/simple/price (ids, vs_currencies,
 * include_last_updated_at in seconds): prices set by HYDRA symbol (BTC-USD → bitcoin/usd); an id it has
 * no price for is left out of the reply. Point HYDRA_COINGECKO_URL at `url`.
 */
export async function startFakeCoinGecko(opts: FakeProviderOptions = {}): Promise<FakeCoinGecko> {
  const wire = new CoinGeckoWire();
  const server = await startFakeProvider(wire, opts);
  return Object.assign(server, { keys: wire.keys });
}
