import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../../../core/clock.js";
import { startFakeCoinbase } from "../test-support/fake-coinbase.js";
import { CoinbaseFeed } from "./coinbase-feed.js";
import { priceFeedContract } from "./price-feed.contract.js";

priceFeedContract("CoinbaseFeed (ccxt)", async (clock, { timeoutMs }) => {
  const server = await startFakeCoinbase({ clock });
  return {
    server,
    feed: new CoinbaseFeed({ clock, baseUrl: server.url, timeoutMs }),
    sourceTimeAt: (t) => t,
  };
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe("CoinbaseFeed", () => {
  it("asks the public ticker without keys, one request per symbol and no market loading", async () => {
    const clock = new TestClock(Date.UTC(2025, 0, 1));
    const server = await startFakeCoinbase({ clock });
    closers.push(server.close);
    server.setPrice("BTC-USD", 100_000);
    server.setPrice("ETH-USD", 3000);
    await new CoinbaseFeed({ clock, baseUrl: server.url }).poll(["BTC-USD", "eth-usd"]);
    expect([...server.requests].sort()).toEqual([
      "/api/v3/brokerage/market/products/BTC-USD/ticker?limit=1",
      "/api/v3/brokerage/market/products/ETH-USD/ticker?limit=1",
    ]);
  });

  it("signs with the key from the env (the private ticker) and never shows the key in an error", async () => {
    const clock = new TestClock(Date.UTC(2025, 0, 1));
    const server = await startFakeCoinbase({ clock });
    closers.push(server.close);
    server.setPrice("BTC-USD", 100_000);
    const { privateKey } = generateKeyPairSync("ec", {
      namedCurve: "prime256v1",
      privateKeyEncoding: { type: "sec1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const keyName = "organizations/test-org/apiKeys/test-key";
    const env = {
      COINBASE_API_KEY_NAME: keyName,
      COINBASE_API_PRIVATE_KEY: privateKey.replace(/\n/g, "\\n"),
    };
    const feed = new CoinbaseFeed({ clock, env, baseUrl: server.url });
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ symbol: "BTC-USD", last: 100_000 }]);
    expect(server.requests).toEqual(["/api/v3/brokerage/products/BTC-USD/ticker?limit=1"]);
    expect(server.signedBy).toEqual([keyName]);
    server.fail("5xx");
    const err = await feed.poll(["BTC-USD"]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "FEED_UNAVAILABLE" });
    const shown = `${(err as Error).message} ${JSON.stringify((err as { details: unknown }).details)}`;
    expect(shown).not.toContain("PRIVATE KEY");
    expect(shown).not.toContain(privateKey.split("\n")[1]);
  });

  it("brings a last trade outside the book inside it, and calls a crossed book bad data", async () => {
    const clock = new TestClock(Date.UTC(2025, 0, 1));
    const server = await startFakeCoinbase({ clock });
    closers.push(server.close);
    const feed = new CoinbaseFeed({ clock, baseUrl: server.url });
    server.setPrice("BTC-USD", { bid: 100, ask: 101, last: 99.5 });
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ bid: 100, ask: 101, last: 100 }]);
    server.setPrice("BTC-USD", { bid: 102, ask: 101, last: 101.5 });
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({ code: "FEED_BAD_DATA" });
  });

  it("reads an HTTP-date Retry-After on the injected clock", async () => {
    const clock = new TestClock(Date.UTC(2025, 0, 1));
    const server = await startFakeCoinbase({ clock });
    closers.push(server.close);
    server.setPrice("BTC-USD", 100_000);
    server.fail("429", 1, { retryAfter: new Date(clock.now() + 5000).toUTCString() });
    await expect(new CoinbaseFeed({ clock, baseUrl: server.url }).poll(["BTC-USD"])).rejects.toMatchObject({
      code: "FEED_RATE_LIMITED",
      details: { retryAfterMs: 5000 },
    });
  });

  it("calls a wrong base URL (a 404 page that is not Coinbase's) unavailable, not an unknown symbol", async () => {
    const clock = new TestClock(Date.UTC(2025, 0, 1));
    const server = await startFakeCoinbase({ clock });
    closers.push(server.close);
    const feed = new CoinbaseFeed({ clock, baseUrl: `${server.url}/wrong` });
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({ code: "FEED_UNAVAILABLE" });
  });
});
