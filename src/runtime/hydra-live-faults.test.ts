import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LiveClock } from "../core/clock.js";
import { type Engine, NO_USAGE } from "../hydra/engine.js";
import { createFailoverFeed } from "../hydra/marketdata/live/feed-factory.js";
import { startFakeCoinbase } from "../hydra/marketdata/test-support/fake-coinbase.js";
import { startFakeCoinGecko } from "../hydra/marketdata/test-support/fake-coingecko.js";
import { SqliteHydraJournal } from "../persistence/sqlite-hydra-journal.js";
import { guardedFeedGate } from "./hydra-live-loop.js";
import { runHydra } from "./hydra-run.js";

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** An engine that answers every cycle with a hold on BTC: one recorded decision per cycle it is asked. */
const holder: Engine = {
  id: "holder",
  label: "holder",
  kind: "offline",
  async decide(input) {
    const price = input.assets[0]?.price ?? 1;
    return {
      ok: true,
      decisions: [
        {
          action: "hold",
          asset: "BTC-USD",
          direction: "long",
          entry: price,
          stopLoss: price * 0.99,
          takeProfit: price * 1.01,
          confidence: 0.5,
          rationale: "hold",
        },
      ],
      usage: NO_USAGE,
      latencyMs: 0,
      raw: "",
    };
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("hydra run on a live feed under the feed's faults", () => {
  it("429 with Retry-After, 5xx, truncated JSON, a frozen price, a spike and a skewed clock: the run goes on and every cycle's decision is recorded once", async () => {
    const coinbase = await startFakeCoinbase();
    const coingecko = await startFakeCoinGecko();
    cleanup.push(
      () => coinbase.close(),
      () => coingecko.close(),
    );
    coinbase.setPrice("BTC-USD", { bid: 59_990, ask: 60_010, last: 60_000 });
    coingecko.setPrice("BTC-USD", 60_000);
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-live-faults-")), "hydra.db");
    const journal = SqliteHydraJournal.open(db);
    cleanup.push(() => journal.close());
    const wall = new LiveClock();
    const lines: string[] = [];
    const log = (l: string): void => {
      lines.push(l);
    };
    const env = {
      HYDRA_COINBASE_URL: coinbase.url,
      HYDRA_COINGECKO_URL: coingecko.url,
      HYDRA_FEED_MAX_AGE_MS: "1000",
      HYDRA_FEED_PROBE_MS: "1000",
      HYDRA_FEED_TIMEOUT_MS: "1000",
    };
    const feed = createFailoverFeed("coinbase", env, wall, log);
    let stop: () => void = () => {};
    const stopSignal = new Promise<void>((r) => {
      stop = r;
    });
    const running = runHydra({
      engines: [holder],
      assets: ["BTC-USD"],
      mode: "independent",
      cycleMs: 250,
      cash: 25_000,
      seed: 1,
      speed: 1,
      durationMs: Number.POSITIVE_INFINITY,
      timeoutMs: 1000,
      journal,
      live: { name: "coinbase", feed, gate: guardedFeedGate(feed, ["BTC-USD"]), pollMs: 100 },
      log,
      stopSignal,
    });
    await sleep(800);
    // each fault in turn, on both sources where it takes both to hurt
    coinbase.fail("429", 3, { retryAfter: "1" });
    await sleep(600);
    coinbase.fail("5xx", 3);
    await sleep(600);
    coinbase.fail("truncated", 3);
    coingecko.fail("truncated", 3); // whichever source is serving by now
    await sleep(600);
    coinbase.freeze();
    coingecko.freeze();
    await sleep(2200); // longer than the 1 s limit: stale, not asked
    coinbase.unfreeze();
    coingecko.unfreeze();
    await sleep(600);
    coinbase.setPrice("BTC-USD", { bid: 89_990, ask: 90_010, last: 90_000 }); // a 50 % spike for one poll
    coingecko.setPrice("BTC-USD", 90_000);
    await sleep(150);
    coinbase.setPrice("BTC-USD", { bid: 59_990, ask: 60_010, last: 60_000 });
    coingecko.setPrice("BTC-USD", 60_000);
    await sleep(600);
    coinbase.skew(10 * 60_000); // the source's clock ten minutes ahead of ours
    coingecko.skew(10 * 60_000);
    await sleep(1000);
    stop();
    const r = await running;

    const text = lines.join("\n");
    expect(text).toMatch(/FEED_RATE_LIMITED/);
    expect(text).toMatch(/FEED_UNAVAILABLE/);
    expect(text).toMatch(/FEED_BAD_DATA/);
    expect(text).toMatch(/switched from coinbase to coingecko/);
    // each failure said once while it lasts, and the source's return said
    const failures = lines.filter((l) => /^price feed: \w+ failed \(/.test(l));
    expect(new Set(failures).size).toBe(failures.length);
    expect(text).toMatch(/price feed: \w+ answers again/);
    expect(text).toMatch(/stale prices, not asked: BTC-USD/);
    // the spike was held, not traded on (dropped when the next poll came back, or confirmed by it)
    expect(text).toMatch(/BTC-USD jumped 50\.0% \(60000 → 90000\): held until the next poll confirms it/);
    // one recorded decision per cycle, none lost, none twice: a hold when asked, stale-data when not
    const rows = journal.db
      .prepare("SELECT cycle, cause, outcome FROM hydra_decisions ORDER BY cycle")
      .all() as Array<{ cycle: number; cause: string | null; outcome: string }>;
    expect(rows.map((x) => x.cycle)).toEqual(Array.from({ length: r.cyclesThisRun }, (_, i) => i + 1));
    expect(rows.filter((x) => x.cause === "stale-data").length).toBeGreaterThan(0);
    expect(rows.filter((x) => x.outcome === "hold").length).toBeGreaterThan(10);
    // the skewed clock did not make the asset stale: the last cycles were asked
    expect(rows.at(-1)).toMatchObject({ cause: null, outcome: "hold" });
  }, 30_000);
});
