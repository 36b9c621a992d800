import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "../../../core/clock.js";
import type { FakeFeedServer } from "../test-support/fake-provider.js";
import type { PriceFeed, PriceQuote } from "./price-feed.js";

/** One PriceFeed implementation against its local fake provider, for the shared contract. */
interface FeedUnderTest {
  server: FakeFeedServer;
  feed: PriceFeed;
  /** the sourceTime a quote carries when the provider's clock reads `t` (CoinGecko: whole seconds) */
  sourceTimeAt(t: number): number;
}

export type StartFeed = (clock: TestClock, opts: { timeoutMs: number }) => Promise<FeedUnderTest>;

const T0 = Date.UTC(2025, 0, 6, 12, 0, 0, 250);
const MIN = 60_000;
const SYMBOLS = ["BTC-USD", "ETH-USD", "SOL-USD", "XYZ-USD", "notasymbol"];

async function failure(p: Promise<unknown>): Promise<{ code?: string; details?: Record<string, unknown> }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, "the poll should have failed").toBeDefined();
  return e as { code?: string; details?: Record<string, unknown> };
}

/**
 * The PriceFeed contract (price-feed.ts): every live source runs it against its wire-format fake —
 * quotes at the provider's prices and time, unknown symbols left out, bid ≤ last ≤ ask, and failures
 * mapped to FEED_RATE_LIMITED / FEED_UNAVAILABLE / FEED_BAD_DATA.
 */
export function priceFeedContract(name: string, start: StartFeed): void {
  describe(`PriceFeed contract: ${name}`, () => {
    let clock: TestClock;
    let t: FeedUnderTest;

    beforeEach(async () => {
      clock = new TestClock(T0);
      t = await start(clock, { timeoutMs: 1500 });
      t.server.setPrice("BTC-USD", { bid: 97_000.25, ask: 97_001.75, last: 97_000.5 });
      t.server.setPrice("ETH-USD", 3456.78);
    });
    afterEach(async () => {
      t.feed.close?.();
      await t.server.close();
    });

    it("quotes the known symbols at the provider's prices and time, leaving unknown ones out", async () => {
      const quotes = await t.feed.poll(SYMBOLS);
      const bySymbol = new Map(quotes.map((q) => [q.symbol, q]));
      expect([...bySymbol.keys()].sort()).toEqual(["BTC-USD", "ETH-USD"]);
      expect(bySymbol.get("BTC-USD")?.last).toBe(97_000.5);
      expect(bySymbol.get("ETH-USD")?.last).toBe(3456.78);
      for (const q of quotes) {
        expect(q.bid).toBeGreaterThan(0);
        expect(q.bid).toBeLessThanOrEqual(q.last);
        expect(q.last).toBeLessThanOrEqual(q.ask);
        expect(q.sourceTime).toBe(t.sourceTimeAt(T0));
      }
    });

    it("answers nothing for no symbols or only unknown ones", async () => {
      await expect(t.feed.poll([])).resolves.toEqual([]);
      await expect(t.feed.poll(["XYZ-USD"])).resolves.toEqual([]);
    });

    it("follows the provider's prices and clock, skewed or not", async () => {
      t.server.setPrice("BTC-USD", 98_000);
      clock.advance(5_000);
      t.server.skew(10 * MIN);
      const [q] = (await t.feed.poll(["BTC-USD"])) as [PriceQuote];
      expect(q.last).toBe(98_000);
      expect(q.sourceTime).toBe(t.sourceTimeAt(T0 + 5_000 + 10 * MIN));
    });

    it("maps a 429 to FEED_RATE_LIMITED with the server's Retry-After", async () => {
      t.server.fail("429", 1, { retryAfter: "2" });
      const e = await failure(t.feed.poll(["BTC-USD"]));
      expect(e.code).toBe("FEED_RATE_LIMITED");
      expect(e.details?.retryAfterMs).toBe(2000);
      expect(e.details?.source).toBe(t.feed.name);
    });

    it("maps a 429 without Retry-After to FEED_RATE_LIMITED without a wait", async () => {
      t.server.fail("429");
      const e = await failure(t.feed.poll(["BTC-USD", "ETH-USD"]));
      expect(e.code).toBe("FEED_RATE_LIMITED");
      expect(e.details?.retryAfterMs).toBeUndefined();
    });

    it("maps a 5xx to FEED_UNAVAILABLE", async () => {
      t.server.fail("5xx");
      expect((await failure(t.feed.poll(["BTC-USD"]))).code).toBe("FEED_UNAVAILABLE");
      await expect(t.feed.poll(["BTC-USD"])).resolves.toHaveLength(1);
    });

    it("maps truncated JSON to FEED_BAD_DATA", async () => {
      t.server.fail("truncated");
      expect((await failure(t.feed.poll(["BTC-USD", "ETH-USD"]))).code).toBe("FEED_BAD_DATA");
    });

    it("maps a refused connection to FEED_UNAVAILABLE and works again once the provider is back", async () => {
      await t.server.close();
      expect((await failure(t.feed.poll(["BTC-USD"]))).code).toBe("FEED_UNAVAILABLE");
      await t.server.reopen();
      await expect(t.feed.poll(["BTC-USD"])).resolves.toHaveLength(1);
    });

    it("maps a timeout and a reset connection to FEED_UNAVAILABLE", async () => {
      t.server.fail("hang");
      expect((await failure(t.feed.poll(["BTC-USD"]))).code).toBe("FEED_UNAVAILABLE");
      t.server.fail("reset");
      expect((await failure(t.feed.poll(["BTC-USD"]))).code).toBe("FEED_UNAVAILABLE");
    });
  });
}
