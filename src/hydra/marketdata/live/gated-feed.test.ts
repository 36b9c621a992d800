import { describe, expect, it } from "vitest";
import { TestClock } from "../../../core/clock.js";
import { feedError } from "./feed-error.js";
import { GatedFeed } from "./gated-feed.js";
import type { PriceFeed, PriceQuote } from "./price-feed.js";

function rateLimitedSource(retryAfterMs?: number) {
  const source = {
    name: "src",
    calls: 0,
    limited: true,
    async poll(): Promise<PriceQuote[]> {
      source.calls += 1;
      if (source.limited) throw feedError("FEED_RATE_LIMITED", "src", "429", { retryAfterMs });
      return [];
    },
  } satisfies PriceFeed & Record<string, unknown>;
  return source;
}

describe("GatedFeed", () => {
  it("keeps the Retry-After the source sent, answering without a request meanwhile", async () => {
    const clock = new TestClock(0);
    const src = rateLimitedSource(2000);
    const feed = new GatedFeed(src, clock);
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({
      code: "FEED_RATE_LIMITED",
      details: { retryAfterMs: 2000, asked: true, source: "src" },
    });
    clock.advance(1500);
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({
      details: { retryAfterMs: 500, asked: false },
    });
    expect(src.calls).toBe(1);
    clock.advance(500);
    src.limited = false;
    await expect(feed.poll(["BTC-USD"])).resolves.toEqual([]);
    expect(src.calls).toBe(2);
  });

  it("backs off exponentially up to the cap when no Retry-After came, and starts over after a success", async () => {
    const clock = new TestClock(0);
    const src = rateLimitedSource();
    const feed = new GatedFeed(src, clock, { baseMs: 1000, capMs: 5000 });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const e = (await feed.poll([]).catch((x: unknown) => x)) as { details: { retryAfterMs: number } };
      waits.push(e.details.retryAfterMs);
      clock.advance(feed.waitMs());
    }
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
    src.limited = false;
    await feed.poll([]);
    src.limited = true;
    await expect(feed.poll([])).rejects.toMatchObject({ details: { retryAfterMs: 1000 } });
  });
});
