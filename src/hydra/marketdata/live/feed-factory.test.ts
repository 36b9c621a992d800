import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../../../core/clock.js";
import { startFakeCoinbase } from "../test-support/fake-coinbase.js";
import { startFakeCoinGecko } from "../test-support/fake-coingecko.js";
import { createFailoverFeed, createPriceFeed } from "./feed-factory.js";
import { feedSettingsFromEnv } from "./feed-settings.js";

const T0 = Date.UTC(2025, 0, 1);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function fakes(clock: TestClock) {
  const cb = await startFakeCoinbase({ clock });
  const cg = await startFakeCoinGecko({ clock });
  closers.push(cb.close, cg.close);
  cb.setPrice("BTC-USD", 100_000);
  cg.setPrice("BTC-USD", 100_050);
  return { cb, cg, env: { HYDRA_COINBASE_URL: cb.url, HYDRA_COINGECKO_URL: cg.url } };
}

describe("feedSettingsFromEnv", () => {
  it("has defaults, and an empty value counts as unset", () => {
    expect(feedSettingsFromEnv({ HYDRA_FEED_SPREAD_PCT: "" })).toEqual({
      coinbaseUrl: undefined,
      coingeckoUrl: undefined,
      coingeckoApiKey: undefined,
      timeoutMs: 10_000,
      spreadPct: 0.1,
      maxAgeMs: 120_000,
      jumpPct: 10,
      probeMs: 60_000,
    });
  });

  it("reads every variable", () => {
    expect(
      feedSettingsFromEnv({
        HYDRA_COINBASE_URL: "http://127.0.0.1:9001",
        HYDRA_COINGECKO_URL: "http://127.0.0.1:9002",
        COINGECKO_API_KEY: "demo-key-for-tests",
        HYDRA_FEED_TIMEOUT_MS: "2500",
        HYDRA_FEED_SPREAD_PCT: "0.25",
        HYDRA_FEED_MAX_AGE_MS: "30000",
        HYDRA_FEED_JUMP_PCT: "5",
        HYDRA_FEED_PROBE_MS: "15000",
      }),
    ).toEqual({
      coinbaseUrl: "http://127.0.0.1:9001",
      coingeckoUrl: "http://127.0.0.1:9002",
      coingeckoApiKey: "demo-key-for-tests",
      timeoutMs: 2500,
      spreadPct: 0.25,
      maxAgeMs: 30_000,
      jumpPct: 5,
      probeMs: 15_000,
    });
  });

  it.each([
    [{ HYDRA_FEED_SPREAD_PCT: "abc" }, /^HYDRA_FEED_SPREAD_PCT: expected a percentage.*\(got "abc"\)$/],
    [{ HYDRA_FEED_MAX_AGE_MS: "1.5" }, /^HYDRA_FEED_MAX_AGE_MS: expected whole milliseconds/],
    [{ HYDRA_FEED_TIMEOUT_MS: "5" }, /^HYDRA_FEED_TIMEOUT_MS: expected at least 100 ms/],
    [{ HYDRA_FEED_JUMP_PCT: "-1" }, /^HYDRA_FEED_JUMP_PCT: expected a percentage ≥ 0/],
    [{ HYDRA_COINBASE_URL: "ftp://user:secret@x" }, /^HYDRA_COINBASE_URL: expected an http\(s\) URL$/],
    [{ COINBASE_API_KEY_NAME: "organizations/o/apiKeys/k" }, /^COINBASE_API_PRIVATE_KEY: needed too/],
  ])("names the variable of a bad value: %o", (env, message) => {
    let err: unknown;
    try {
      feedSettingsFromEnv(env);
    } catch (e) {
      err = e;
    }
    const field = /^(\w+):/.exec(String((err as Error).message))?.[1];
    expect(err).toMatchObject({ code: "CONFIG_INVALID", details: { field } });
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("secret");
  });
});

describe("createPriceFeed / createFailoverFeed", () => {
  it("builds each source from the env's base URLs", async () => {
    const clock = new TestClock(T0);
    const { env } = await fakes(clock);
    const cb = createPriceFeed("coinbase", env, clock, () => {});
    const cg = createPriceFeed("coingecko", { ...env, HYDRA_FEED_SPREAD_PCT: "1" }, clock, () => {});
    await expect(cb.poll(["BTC-USD"])).resolves.toMatchObject([
      { last: 100_000, bid: 100_000, ask: 100_000.01 },
    ]);
    await expect(cg.poll(["BTC-USD"])).resolves.toMatchObject([
      { last: 100_050, bid: 99_549.75, ask: 100_550.25 },
    ]);
    expect([cb.name, cg.name]).toEqual(["coinbase", "coingecko"]);
    expect(cb.isStale("BTC-USD")).toBe(false);
  });

  it("respects a rate limit on a single source", async () => {
    const clock = new TestClock(T0);
    const { cb, env } = await fakes(clock);
    const feed = createPriceFeed("coinbase", env, clock, () => {});
    cb.fail("429", 1, { retryAfter: "2" });
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({ code: "FEED_RATE_LIMITED" });
    clock.advance(1999);
    await expect(feed.poll(["BTC-USD"])).rejects.toMatchObject({
      details: { asked: false, retryAfterMs: 1 },
    });
    clock.advance(1);
    await expect(feed.poll(["BTC-USD"])).resolves.toHaveLength(1);
    expect(cb.requests).toHaveLength(2);
  });

  it("fails over coinbase → coingecko and coingecko → coinbase, with the env's probe time and max age", async () => {
    const clock = new TestClock(T0);
    const { cb, cg, env } = await fakes(clock);
    const lines: string[] = [];
    const settings = { ...env, HYDRA_FEED_PROBE_MS: "5000", HYDRA_FEED_MAX_AGE_MS: "20000" };
    const feed = createFailoverFeed("coinbase", settings, clock, (l) => lines.push(l));
    expect(feed.name).toBe("coinbase>coingecko");
    cb.fail("5xx", Number.POSITIVE_INFINITY);
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_050 }]);
    expect(feed.inner.counters()).toMatchObject({ active: "coingecko", switches: 1 });
    cb.recover();
    clock.advance(5000);
    await expect(feed.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_000 }]);
    expect(lines.some((l) => l.includes("switched from coingecko to coinbase"))).toBe(true);
    cb.freeze();
    clock.advance(20_000);
    await feed.poll(["BTC-USD"]);
    expect(feed.isStale("BTC-USD")).toBe(false);
    clock.advance(1);
    await feed.poll(["BTC-USD"]);
    expect(feed.isStale("BTC-USD")).toBe(true);
    const reverse = createFailoverFeed("coingecko", env, clock, () => {});
    expect(reverse.name).toBe("coingecko>coinbase");
    await cg.close();
    await expect(reverse.poll(["BTC-USD"])).resolves.toMatchObject([{ last: 100_000 }]);
  });
});
