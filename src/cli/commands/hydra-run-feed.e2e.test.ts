import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type OllamaServer,
  startOllamaServer,
  userPrompt,
} from "../../hydra/llm/test-support/ollama-server.js";
import { type FakeCoinbase, startFakeCoinbase } from "../../hydra/marketdata/test-support/fake-coinbase.js";
import {
  type FakeCoinGecko,
  startFakeCoinGecko,
} from "../../hydra/marketdata/test-support/fake-coingecko.js";
import { btcModel, LOCAL_ID, LOCAL_MODEL, rows, until } from "../test-support/local-model-e2e.js";
import { BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra run --feed end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-feed-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const MODEL = LOCAL_MODEL;
const ID = LOCAL_ID;
/** buys BTC at the prompt's price when flat, holds otherwise */
const tradingModel = btcModel("feed test model", { stop: 0.01, target: 0.004 });

describe.skipIf(!BUILT)(
  "hydra run --feed coinbase, as a user runs it (no --duration, stopped by Ctrl-C)",
  () => {
    it("trades at the Coinbase server's prices, fails over to CoinGecko when it dies, and asks no engine once both are gone", async () => {
      const coinbase: FakeCoinbase = await startFakeCoinbase();
      const coingecko: FakeCoinGecko = await startFakeCoinGecko();
      const ollama: OllamaServer = await startOllamaServer([MODEL], tradingModel);
      cleanup.push(
        () => coinbase.close(),
        () => coingecko.close(),
        () => ollama.close(),
      );
      coinbase.setPrice("BTC-USD", { bid: 59_990, ask: 60_010, last: 60_000 });
      coingecko.setPrice("BTC-USD", 60_000);
      const db = path.join(dir, "feed.db");
      const run = spawnHydra(
        [
          "run",
          "--feed",
          "coinbase",
          "--engines",
          "llm",
          "--assets",
          "BTC-USD",
          "--cycle",
          "2s",
          "--poll",
          "500ms",
          "--db",
          db,
        ],
        {
          env: {
            KILL_SWITCH: "false",
            DEEPSEEK_API_KEY: undefined,
            ANTHROPIC_API_KEY: undefined,
            XAI_API_KEY: undefined,
            GOOGLE_API_KEY: undefined,
            USE_TURBO_BATCH: undefined,
            HYDRA_LOCAL_MODEL: MODEL,
            HYDRA_LOCAL_MODEL_URL: ollama.origin,
            HYDRA_COINBASE_URL: coinbase.url,
            HYDRA_COINGECKO_URL: coingecko.url,
            HYDRA_FEED_MAX_AGE_MS: "3000",
            HYDRA_FEED_PROBE_MS: "600000",
          },
        },
      );
      cleanup.push(() => run.stop("SIGKILL", 5000));
      await run.waitFor(/live prices from coinbase, polled every 0\.5 s/, 30_000);
      // the engines' view warmed with the server's last six hours of M5 candles
      await run.waitFor(/warmed the engines' market view with (7[01]|72) bars of coinbase history/, 10_000);

      // 1. the model buys at the Coinbase server's ask; the target is hit at its bid
      await run.waitFor(/cycle \d+: 1 order\(s\)/, 30_000);
      // filled: the next prompt shows the model its open position; then the price reaches the target
      await until(() => ollama.chats().some((c) => /open long BTC-USD/.test(userPrompt(c))), 15_000);
      coinbase.setPrice("BTC-USD", { bid: 60_300, ask: 60_320, last: 60_310 });
      type Trade = { engine: string; entry_price: number; exit_price: number; exit_reason: string };
      const trades = (): Trade[] =>
        rows<Trade>(db, "SELECT engine, entry_price, exit_price, exit_reason FROM hydra_trades");
      await until(() => trades().length > 0, 20_000);
      expect(trades()[0], run.output().slice(-2000)).toMatchObject({
        engine: ID,
        entry_price: 60_010,
        exit_price: 60_300,
      });

      // 2. the Coinbase server dies: the next poll goes to CoinGecko (the switch said), prices go on
      const geckoBefore = coingecko.requests.length;
      const cyclesBefore = (run.output().match(/\(market\) cycle \d+:/g) ?? []).length;
      await coinbase.close();
      await run.waitFor(/price feed: switched from coinbase to coingecko/, 10_000);
      await until(() => coingecko.requests.length > geckoBefore, 5000);
      expect(coingecko.requests.length).toBeGreaterThan(geckoBefore);
      // within one cycle: the next cycle after the switch still asks the model, on CoinGecko's prices
      const asked = ollama.chats().length;
      await until(
        () => (run.output().match(/\(market\) cycle \d+:/g) ?? []).length > cyclesBefore + 1,
        10_000,
      );
      expect(ollama.chats().length).toBeGreaterThan(asked);
      expect(run.output()).not.toMatch(/stale prices, not asked/);

      // 3. both gone: the asset goes stale (3 s) and no engine is asked; each cycle records stale-data
      await coingecko.close();
      await run.waitFor(/cycle \d+: stale prices, not asked: BTC-USD: no new price for \d+ s/, 20_000);
      const chatsWhenStale = ollama.chats().length;
      const staleCycles = (run.output().match(/stale prices, not asked/g) ?? []).length;
      await until(
        () => (run.output().match(/stale prices, not asked/g) ?? []).length >= staleCycles + 2,
        10_000,
      );
      expect(ollama.chats().length).toBe(chatsWhenStale);

      expect(await run.stop("SIGINT")).toBe(0);
      const stale = rows<{ engine: string; cause: string; outcome: string }>(
        db,
        "SELECT engine, cause, outcome FROM hydra_decisions WHERE cause = 'stale-data'",
      );
      expect(stale.length).toBeGreaterThanOrEqual(2);
      expect(stale[0]).toEqual({ engine: ID, cause: "stale-data", outcome: "no-decision" });
      // the run never crashed and never lost what it had recorded
      expect(rows(db, "SELECT * FROM hydra_decisions WHERE cause IS NULL").length).toBeGreaterThan(0);
      expect(run.output()).not.toMatch(/at .+\.js:\d+:\d+/); // no stack trace
    }, 120_000);
  },
);
