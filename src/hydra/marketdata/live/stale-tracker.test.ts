import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../../../core/clock.js";
import { startFakeCoinbase } from "../test-support/fake-coinbase.js";
import { CoinbaseFeed } from "./coinbase-feed.js";
import { GuardedFeed } from "./guarded-feed.js";
import type { PriceQuote } from "./price-feed.js";
import { StaleTracker } from "./stale-tracker.js";

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;

function q(sourceTime: number, symbol = "BTC-USD"): PriceQuote {
  return { symbol, bid: 99, ask: 101, last: 100, sourceTime };
}

describe("StaleTracker", () => {
  it("calls an asset stale before its first quote", () => {
    const t = new StaleTracker(new TestClock(T0), 30_000);
    expect(t.freshness("BTC-USD")).toEqual({
      symbol: "BTC-USD",
      sourceTime: undefined,
      movedAt: undefined,
      ageMs: undefined,
      stale: true,
    });
  });

  it("goes stale maxAge after the source timestamp froze, and fresh again when it moves", () => {
    const clock = new TestClock(T0);
    const t = new StaleTracker(clock, 30_000);
    t.observe([q(T0)]);
    for (let i = 0; i < 6; i++) {
      clock.advance(5_000);
      t.observe([q(T0)]); // polls keep answering, the timestamp does not move
    }
    expect(t.freshness("BTC-USD")).toMatchObject({ ageMs: 30_000, stale: false });
    clock.advance(1);
    expect(t.isStale("BTC-USD")).toBe(true);
    t.observe([q(T0 + 1)]);
    expect(t.freshness("BTC-USD")).toMatchObject({ sourceTime: T0 + 1, movedAt: T0 + 30_001, stale: false });
  });

  it.each([10 * MIN, -10 * MIN])("is not fooled by a source clock %i ms off while it moves", (skew) => {
    const clock = new TestClock(T0);
    const t = new StaleTracker(clock, 30_000);
    for (let i = 0; i < 20; i++) {
      t.observe([q(clock.now() + skew)]);
      expect(t.isStale("BTC-USD")).toBe(false);
      clock.advance(10_000);
    }
  });

  it("goes stale when polls fail (no quote at all)", () => {
    const clock = new TestClock(T0);
    const t = new StaleTracker(clock, 30_000);
    t.observe([q(T0), q(T0, "ETH-USD")]);
    clock.advance(20_000);
    t.observe([q(T0 + 20_000, "ETH-USD")]); // BTC-USD left out
    clock.advance(10_001);
    expect([t.isStale("BTC-USD"), t.isStale("ETH-USD")]).toEqual([true, false]);
  });
});

describe("GuardedFeed over the wire", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it("a frozen Coinbase goes stale after maxAge; a skewed one that moves does not", async () => {
    const clock = new TestClock(T0);
    const server = await startFakeCoinbase({ clock });
    closers.push(server.close);
    server.setPrice("BTC-USD", 100_000);
    const feed = new GuardedFeed(new CoinbaseFeed({ clock, baseUrl: server.url }), {
      clock,
      log: () => {},
      maxAgeMs: 30_000,
    });
    server.skew(-10 * MIN);
    for (let i = 0; i < 5; i++) {
      await feed.poll(["BTC-USD"]);
      expect(feed.isStale("BTC-USD")).toBe(false);
      clock.advance(10_000);
    }
    server.freeze();
    for (let i = 0; i < 4; i++) {
      await feed.poll(["BTC-USD"]);
      clock.advance(10_000);
    }
    expect(feed.freshness("BTC-USD")).toMatchObject({ sourceTime: T0 + 50_000 - 10 * MIN, stale: true });
  });
});
