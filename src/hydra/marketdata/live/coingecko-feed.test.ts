import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../../../core/clock.js";
import { json, localServer } from "../test-server.js";
import { startFakeCoinGecko } from "../test-support/fake-coingecko.js";
import { CoinGeckoFeed } from "./coingecko-feed.js";
import { priceFeedContract } from "./price-feed.contract.js";
import { quoteAroundLast } from "./quote-around-last.js";

priceFeedContract("CoinGeckoFeed (HTTP)", async (clock, { timeoutMs }) => {
  const server = await startFakeCoinGecko({ clock });
  return {
    server,
    feed: new CoinGeckoFeed({ clock, baseUrl: server.url, timeoutMs }),
    sourceTimeAt: (t) => Math.floor(t / 1000) * 1000,
  };
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe("CoinGeckoFeed", () => {
  it("asks simple/price once for all symbols with the demo key, and makes the spread up", async () => {
    const clock = new TestClock(Date.UTC(2025, 0, 1));
    const server = await startFakeCoinGecko({ clock });
    closers.push(server.close);
    server.setPrice("BTC-USD", 100_000);
    server.setPrice("SOL-USD", 150.5);
    const feed = new CoinGeckoFeed({
      clock,
      baseUrl: server.url,
      apiKey: "demo-key-for-tests",
      spreadPct: 0.2,
    });
    const quotes = await feed.poll(["BTC-USD", "SOL-USD", "DOGE-USD"]);
    expect(server.requests).toEqual([
      "/api/v3/simple/price?ids=bitcoin%2Csolana&vs_currencies=usd&include_last_updated_at=true",
    ]);
    expect(server.keys).toEqual(["demo-key-for-tests"]);
    expect(quotes).toEqual([
      { symbol: "BTC-USD", bid: 99_900, ask: 100_100, last: 100_000, sourceTime: Date.UTC(2025, 0, 1) },
      { symbol: "SOL-USD", bid: 150.34, ask: 150.66, last: 150.5, sourceTime: Date.UTC(2025, 0, 1) },
    ]);
  });

  it.each([
    ["a price that is a string", { bitcoin: { usd: "97000", last_updated_at: 1 } }],
    ["no last_updated_at", { bitcoin: { usd: 97000 } }],
    ["a negative price", { bitcoin: { usd: -1, last_updated_at: 1 } }],
    ["an array", [1, 2]],
  ])("calls %s bad data", async (_what, body) => {
    const s = await localServer((_req, res) => json(res, 200, body));
    closers.push(s.close);
    const feed = new CoinGeckoFeed({ clock: new TestClock(0), baseUrl: s.url });
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({ code: "FEED_BAD_DATA" });
  });

  it("sends a pro key to pro-api, and calls a 404 (a wrong base URL) unavailable", async () => {
    const s = await localServer((req, res) =>
      json(res, 404, { error: String(req.headers["x-cg-pro-api-key"]) === "pro-key-for-tests" }),
    );
    closers.push(s.close);
    const feed = new CoinGeckoFeed({
      clock: new TestClock(0),
      baseUrl: `${s.url}/pro-api`,
      apiKey: "pro-key-for-tests",
    });
    const err = await feed.poll(["BTC-USD"]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "FEED_UNAVAILABLE", details: { status: 404, source: "coingecko" } });
    expect((err as Error).message).toContain('{"error":true}');
    expect((err as Error).message).not.toContain("pro-key-for-tests");
  });
});

describe("quoteAroundLast", () => {
  it("rounds the bid down and the ask up: cents from 1 up, six significant digits below", () => {
    expect(quoteAroundLast("BTC-USD", 97_123.456, 0, 0.1)).toEqual({
      symbol: "BTC-USD",
      bid: 97_074.89,
      ask: 97_172.02,
      last: 97_123.46,
      sourceTime: 0,
    });
    const small = quoteAroundLast("SHIB-USD", 0.0000123456789, 0, 0.1);
    expect(small).toMatchObject({ bid: 0.0000123395, ask: 0.0000123519, last: 0.0000123457 });
    const flat = quoteAroundLast("X-USD", 2.345, 0, 0);
    expect(flat.bid).toBeLessThanOrEqual(flat.last);
    expect(flat.last).toBeLessThanOrEqual(flat.ask);
  });
});
