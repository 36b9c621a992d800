import { afterEach, describe, expect, it } from "vitest";
import { CoinbaseMarketData, ccxtSymbol } from "./coinbase.js";
import { json, localServer } from "./test-server.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const H1 = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const KEY_NAME = "organizations/org-1/apiKeys/key-1";
const PRIVATE_KEY = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIFAKEFAKE\\n-----END EC PRIVATE KEY-----\\n";

function candle(t: number, o: number, v = 1.5) {
  return {
    start: String(t / 1000),
    low: String(o - 2),
    high: String(o + 3),
    open: String(o),
    close: String(o + 1),
    volume: String(v),
  };
}

describe("CoinbaseMarketData (ccxt)", () => {
  it("maps symbols", () => {
    expect(ccxtSymbol("btc-usd")).toBe("BTC/USD");
    expect(() => ccxtSymbol("BTCUSD")).toThrow(/BASE-QUOTE/);
  });

  it("takes keys only from the injected env, unescaping the PEM", () => {
    const cb = new CoinbaseMarketData({
      env: { COINBASE_API_KEY_NAME: KEY_NAME, COINBASE_API_PRIVATE_KEY: PRIVATE_KEY },
    });
    expect(cb.hasCredentials).toBe(true);
    expect(cb.exchange.apiKey).toBe(KEY_NAME);
    expect(cb.exchange.secret).toContain("-----BEGIN EC PRIVATE KEY-----\nMHc");
    expect(new CoinbaseMarketData({ env: {} }).hasCredentials).toBe(false);
  });

  it("fetches candles from the public candles endpoint into bars, oldest first", async () => {
    const s = await localServer((_req, res) =>
      json(res, 200, { candles: [candle(T0 + H1, 101), candle(T0, 100)] }),
    );
    closers.push(s.close);
    const cb = new CoinbaseMarketData({
      env: { COINBASE_API_KEY_NAME: KEY_NAME, COINBASE_API_PRIVATE_KEY: PRIVATE_KEY },
      restUrl: s.url,
    });
    const bars = await cb.fetchBars("BTC-USD", "H1", T0, 2);
    const url = new URL(s.requests[0] ?? "", s.url);
    expect(url.pathname).toBe("/api/v3/brokerage/market/products/BTC-USD/candles");
    expect(url.searchParams.get("granularity")).toBe("ONE_HOUR");
    expect(url.searchParams.get("start")).toBe(String(T0 / 1000));
    expect(bars).toEqual([
      {
        symbol: "BTC-USD",
        timeframe: "H1",
        time: T0,
        endTime: T0 + H1,
        open: 100,
        high: 103,
        low: 98,
        close: 101,
        volume: 1.5,
        spread: Number.NaN,
      },
      {
        symbol: "BTC-USD",
        timeframe: "H1",
        time: T0 + H1,
        endTime: T0 + 2 * H1,
        open: 101,
        high: 104,
        low: 99,
        close: 102,
        volume: 1.5,
        spread: Number.NaN,
      },
    ]);
  });

  it("wraps failures in MARKET_DATA without leaking the keys", async () => {
    const s = await localServer((_req, res) => json(res, 400, { error: "INVALID_ARGUMENT", message: "bad" }));
    closers.push(s.close);
    const cb = new CoinbaseMarketData({
      env: { COINBASE_API_KEY_NAME: KEY_NAME, COINBASE_API_PRIVATE_KEY: PRIVATE_KEY },
      restUrl: s.url,
    });
    const err = await cb.fetchBars("ETH-USD", "M5", T0).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "MARKET_DATA" });
    expect(String((err as Error).message)).not.toContain("FAKEFAKE");
    expect(String((err as Error).message)).not.toContain(KEY_NAME);
  });

  it("refuses timeframes Coinbase lacks", async () => {
    await expect(new CoinbaseMarketData().fetchBars("BTC-USD", "H4", T0)).rejects.toThrow(/no H4 candles/);
  });
});
