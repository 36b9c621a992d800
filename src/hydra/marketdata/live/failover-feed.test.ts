import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../../../core/clock.js";
import { startFakeCoinbase } from "../test-support/fake-coinbase.js";
import { startFakeCoinGecko } from "../test-support/fake-coingecko.js";
import { CoinbaseFeed } from "./coinbase-feed.js";
import { CoinGeckoFeed } from "./coingecko-feed.js";
import { FailoverFeed } from "./failover-feed.js";
import { type FeedErrorCode, feedError } from "./feed-error.js";
import type { PriceFeed, PriceQuote } from "./price-feed.js";

/** A source that answers as scripted: "ok" or a feed error code, one entry per poll (the last repeats). */
class ScriptedFeed implements PriceFeed {
  calls = 0;
  constructor(
    readonly name: string,
    public script: ("ok" | FeedErrorCode)[],
    private readonly retryAfterMs?: number,
  ) {}

  async poll(symbols: readonly string[]): Promise<PriceQuote[]> {
    const step = this.script[Math.min(this.calls, this.script.length - 1)] ?? "ok";
    this.calls += 1;
    if (step !== "ok") throw feedError(step, this.name, "scripted", { retryAfterMs: this.retryAfterMs });
    return symbols.map((symbol) => ({ symbol, bid: 99, ask: 101, last: 100, sourceTime: this.calls }));
  }
}

function setup(
  primaryScript: ("ok" | FeedErrorCode)[],
  opts: { probeMs?: number; retryAfterMs?: number } = {},
) {
  const clock = new TestClock(1_000_000);
  const lines: string[] = [];
  const primary = new ScriptedFeed("coinbase", primaryScript, opts.retryAfterMs);
  const secondary = new ScriptedFeed("coingecko", ["ok"]);
  const feed = new FailoverFeed([primary, secondary], {
    clock,
    log: (l) => lines.push(l),
    probeMs: opts.probeMs ?? 30_000,
  });
  return { clock, lines, primary, secondary, feed };
}

describe("FailoverFeed", () => {
  it("serves from the primary while it works", async () => {
    const { feed, primary, secondary } = setup(["ok"]);
    await feed.poll(["BTC-USD"]);
    await feed.poll(["BTC-USD"]);
    expect([primary.calls, secondary.calls]).toEqual([2, 0]);
    expect(feed.counters()).toMatchObject({ active: "coinbase", switches: 0, served: { coinbase: 2 } });
    expect(feed.name).toBe("coinbase>coingecko");
  });

  it.each(["FEED_UNAVAILABLE", "FEED_BAD_DATA", "FEED_RATE_LIMITED"] as const)(
    "switches to the secondary within the poll on %s, logged and counted",
    async (code) => {
      const { feed, lines, secondary } = setup([code]);
      await expect(feed.poll(["BTC-USD"])).resolves.toHaveLength(1);
      expect(secondary.calls).toBe(1);
      expect(feed.counters()).toEqual({
        active: "coingecko",
        switches: 1,
        failures: { coinbase: { [code]: 1 }, coingecko: {} },
        served: { coinbase: 0, coingecko: 1 },
      });
      expect(lines.join("\n")).toMatch(/coinbase failed[\s\S]*switched from coinbase to coingecko/);
    },
  );

  it("stays on the secondary until the probe time, then goes back to the primary once it works", async () => {
    const { feed, clock, primary, secondary, lines } = setup(["FEED_UNAVAILABLE"], { probeMs: 30_000 });
    await feed.poll(["BTC-USD"]);
    clock.advance(29_999);
    await feed.poll(["BTC-USD"]);
    expect(primary.calls).toBe(1); // not asked before the probe time
    clock.advance(1);
    await feed.poll(["BTC-USD"]); // probe: still down, the secondary serves in the same poll
    expect([primary.calls, secondary.calls, feed.counters().active]).toEqual([2, 3, "coingecko"]);
    primary.script = ["ok"];
    clock.advance(10_000);
    await feed.poll(["BTC-USD"]);
    expect(primary.calls).toBe(2); // the next probe is 30 s after the last one
    clock.advance(20_000);
    await feed.poll(["BTC-USD"]);
    expect(feed.counters()).toMatchObject({ active: "coinbase", switches: 2 });
    expect(feed.counters().failures.coinbase).toEqual({ FEED_UNAVAILABLE: 2 });
    expect(lines.at(-1)).toBe("price feed: switched from coingecko to coinbase (the primary works again)");
  });

  it("tries the primary again at once when the secondary fails too", async () => {
    const { feed, primary, secondary } = setup(["FEED_UNAVAILABLE", "ok"]);
    await feed.poll(["BTC-USD"]);
    secondary.script = ["FEED_UNAVAILABLE"];
    await expect(feed.poll(["BTC-USD"])).resolves.toHaveLength(1);
    expect(primary.calls).toBe(2);
    expect(feed.counters()).toMatchObject({ active: "coinbase", switches: 2 });
  });

  it("fails with the code all sources gave, FEED_UNAVAILABLE when they differ", async () => {
    const { feed, secondary } = setup(["FEED_BAD_DATA"]);
    secondary.script = ["FEED_BAD_DATA"];
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({ code: "FEED_BAD_DATA" });
    secondary.script = ["FEED_UNAVAILABLE"];
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({
      code: "FEED_UNAVAILABLE",
      details: {
        failures: [
          { source: "coinbase", code: "FEED_BAD_DATA" },
          { source: "coingecko", code: "FEED_UNAVAILABLE" },
        ],
      },
    });
  });

  it("does not ask a rate-limited source before its Retry-After on the injected clock", async () => {
    const { feed, clock, primary, secondary } = setup(["FEED_RATE_LIMITED", "ok"], { retryAfterMs: 2000 });
    secondary.script = ["FEED_UNAVAILABLE"];
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({ code: "FEED_UNAVAILABLE" });
    clock.advance(1999);
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({ code: "FEED_UNAVAILABLE" });
    expect(primary.calls).toBe(1);
    clock.advance(1);
    await expect(feed.poll(["BTC-USD"])).resolves.toHaveLength(1);
    expect(primary.calls).toBe(2);
  });

  it("when every source is rate limited, says so with the soonest wait", async () => {
    const { feed, clock, secondary } = setup(["FEED_RATE_LIMITED"], { retryAfterMs: 5000 });
    secondary.script = ["FEED_RATE_LIMITED"]; // no Retry-After: backoff of 1 s
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({
      code: "FEED_RATE_LIMITED",
      details: { retryAfterMs: 1000 },
    });
    clock.advance(500);
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({
      code: "FEED_RATE_LIMITED",
      details: { retryAfterMs: 500 },
    });
    expect(secondary.calls).toBe(1);
  });

  it("passes a bug (not a feed error) through", async () => {
    const clock = new TestClock(0);
    const broken: PriceFeed = {
      name: "broken",
      poll: async () => {
        throw new TypeError("a bug");
      },
    };
    const feed = new FailoverFeed([broken, new ScriptedFeed("b", ["ok"])], { clock, log: () => {} });
    await expect(feed.poll(["BTC-USD"])).rejects.toThrow(TypeError);
  });
});

describe("FailoverFeed over the wire", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it("Coinbase down → CoinGecko in the same poll; back to Coinbase after the probe time", async () => {
    const clock = new TestClock(Date.UTC(2025, 0, 1));
    const cb = await startFakeCoinbase({ clock });
    const cg = await startFakeCoinGecko({ clock });
    closers.push(cb.close, cg.close);
    cb.setPrice("BTC-USD", 100_000);
    cg.setPrice("BTC-USD", 100_050);
    const lines: string[] = [];
    const feed = new FailoverFeed(
      [new CoinbaseFeed({ clock, baseUrl: cb.url }), new CoinGeckoFeed({ clock, baseUrl: cg.url })],
      { clock, log: (l) => lines.push(l), probeMs: 60_000 },
    );
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_000 }]);
    await cb.close();
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_050 }]);
    expect(feed.counters()).toMatchObject({ active: "coingecko", switches: 1 });
    await cb.reopen();
    clock.advance(59_000);
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_050 }]);
    clock.advance(1000);
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_000 }]);
    expect(feed.counters()).toMatchObject({ active: "coinbase", switches: 2 });
    feed.close();
  });

  it("a 429 with Retry-After: 2 is not asked again before 2 s of the injected clock", async () => {
    const clock = new TestClock(Date.UTC(2025, 0, 1));
    const cb = await startFakeCoinbase({ clock });
    const cg = await startFakeCoinGecko({ clock });
    closers.push(cb.close, cg.close);
    cb.setPrice("BTC-USD", 100_000);
    cg.setPrice("BTC-USD", 100_050);
    const feed = new FailoverFeed(
      [new CoinbaseFeed({ clock, baseUrl: cb.url }), new CoinGeckoFeed({ clock, baseUrl: cg.url })],
      { clock, log: () => {}, probeMs: 1000 },
    );
    cb.fail("429", 1, { retryAfter: "2" });
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_050 }]);
    expect(cb.requests).toHaveLength(1);
    for (const step of [1000, 999]) {
      clock.advance(step); // the probe is due, the rate limit is not over
      await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_050 }]);
    }
    expect(cb.requests).toHaveLength(1);
    clock.advance(1);
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_000 }]);
    expect(cb.requests).toHaveLength(2);
    feed.close();
  });
});
