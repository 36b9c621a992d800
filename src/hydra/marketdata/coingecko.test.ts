import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { CoinGeckoClient, coingeckoAsset } from "./coingecko.js";
import { HttpJson } from "./http-json.js";
import { json, localServer } from "./test-server.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const H4 = 14_400_000;
const T0 = Date.UTC(2025, 0, 1, 4);
const OHLC_ROWS = [
  [T0, 100, 110, 90, 105],
  [T0 + H4, 105, 120, 100, 118.5],
  [T0 + 2 * H4, 118.5, 119, 101.25, 102],
];

function noWaitHttp(): HttpJson {
  const clock = new TestClock(0);
  return new HttpJson({}, { clock, sleep: async (ms) => clock.advance(ms), random: () => 0 });
}

describe("CoinGeckoClient", () => {
  it("maps HYDRA symbols to coin ids", () => {
    expect(coingeckoAsset("BTC-USD")).toEqual({ id: "bitcoin", vs: "usd" });
    expect(coingeckoAsset("eth-usd")).toEqual({ id: "ethereum", vs: "usd" });
    expect(coingeckoAsset("SOL-USD")).toEqual({ id: "solana", vs: "usd" });
    expect(() => coingeckoAsset("DOGE-USD")).toThrow(/no CoinGecko id/);
  });

  it("parses /coins/{id}/ohlc into bars (time = close − bar length)", async () => {
    const seen: { url: string; key: string | undefined }[] = [];
    const s = await localServer((req, res) => {
      seen.push({ url: req.url ?? "", key: req.headers["x-cg-demo-api-key"] as string | undefined });
      json(res, 200, OHLC_ROWS);
    });
    closers.push(s.close);
    const cg = new CoinGeckoClient({ baseUrl: s.url, apiKey: "demo-key", http: noWaitHttp() });
    const bars = await cg.ohlc("bitcoin", "usd", 7, "BTC-USD");
    expect(seen[0]).toEqual({ url: "/coins/bitcoin/ohlc?vs_currency=usd&days=7", key: "demo-key" });
    expect(bars).toHaveLength(3);
    expect(bars[1]).toMatchObject({
      symbol: "BTC-USD",
      timeframe: "H4",
      time: T0,
      endTime: T0 + H4,
      open: 105,
      high: 120,
      low: 100,
      close: 118.5,
      volume: 0,
    });
  });

  it("parses /simple/price", async () => {
    const s = await localServer((req, res) => {
      expect(req.url).toBe("/simple/price?ids=bitcoin%2Csolana&vs_currencies=usd");
      json(res, 200, { bitcoin: { usd: 97123.5 }, solana: { usd: 180.1 } });
    });
    closers.push(s.close);
    const cg = new CoinGeckoClient({ baseUrl: s.url, http: noWaitHttp() });
    await expect(cg.simplePrice(["bitcoin", "solana"], ["usd"])).resolves.toEqual({
      bitcoin: { usd: 97123.5 },
      solana: { usd: 180.1 },
    });
  });

  it("rejects malformed rows", async () => {
    const s = await localServer((_req, res) => json(res, 200, [[1, 2, "x", 4, 5]]));
    closers.push(s.close);
    const cg = new CoinGeckoClient({ baseUrl: s.url, http: noWaitHttp() });
    await expect(cg.ohlc("bitcoin", "usd", 1)).rejects.toMatchObject({ code: "MARKET_DATA" });
  });
});
