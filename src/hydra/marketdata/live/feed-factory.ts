import type { Clock } from "../../../core/clock.js";
import { CoinbaseFeed } from "./coinbase-feed.js";
import { CoinGeckoFeed } from "./coingecko-feed.js";
import { FailoverFeed } from "./failover-feed.js";
import { type FeedSettings, feedSettingsFromEnv } from "./feed-settings.js";
import { GatedFeed } from "./gated-feed.js";
import { GuardedFeed } from "./guarded-feed.js";
import type { PriceFeed } from "./price-feed.js";

export type FeedKind = "coinbase" | "coingecko";
type Env = Readonly<Record<string, string | undefined>>;
type Log = (line: string) => void;

function sourceFeed(kind: FeedKind, s: FeedSettings, env: Env, clock: Clock): PriceFeed {
  switch (kind) {
    case "coinbase":
      return new CoinbaseFeed({
        clock,
        env: {
          COINBASE_API_KEY_NAME: env.COINBASE_API_KEY_NAME,
          COINBASE_API_PRIVATE_KEY: env.COINBASE_API_PRIVATE_KEY,
        },
        timeoutMs: s.timeoutMs,
        ...(s.coinbaseUrl === undefined ? {} : { baseUrl: s.coinbaseUrl }),
      });
    case "coingecko":
      return new CoinGeckoFeed({
        clock,
        timeoutMs: s.timeoutMs,
        spreadPct: s.spreadPct,
        ...(s.coingeckoUrl === undefined ? {} : { baseUrl: s.coingeckoUrl }),
        ...(s.coingeckoApiKey === undefined ? {} : { apiKey: s.coingeckoApiKey }),
      });
  }
}

function guarded<F extends PriceFeed>(feed: F, s: FeedSettings, clock: Clock, log: Log): GuardedFeed<F> {
  return new GuardedFeed(feed, { clock, log, maxAgeMs: s.maxAgeMs, jumpPct: s.jumpPct });
}

/**
 * One live source (`hydra run --feed coinbase|coingecko`): rate limits respected (GatedFeed), jumps held
 * and staleness tracked (GuardedFeed). Settings from `env` (feed-settings.ts names the variables); a bad
 * value fails here with CONFIG_INVALID naming its variable.
 */
export function createPriceFeed(kind: FeedKind, env: Env, clock: Clock, log: Log): GuardedFeed<GatedFeed> {
  const s = feedSettingsFromEnv(env);
  return guarded(new GatedFeed(sourceFeed(kind, s, env, clock), clock), s, clock, log);
}

/** `primary` first, the other as its fallback (coinbase → coingecko, coingecko → coinbase), guarded likewise. */
export function createFailoverFeed(
  primary: FeedKind,
  env: Env,
  clock: Clock,
  log: Log,
): GuardedFeed<FailoverFeed> {
  const s = feedSettingsFromEnv(env);
  const order: FeedKind[] = primary === "coinbase" ? ["coinbase", "coingecko"] : ["coingecko", "coinbase"];
  const failover = new FailoverFeed(
    order.map((k) => sourceFeed(k, s, env, clock)),
    { clock, log, probeMs: s.probeMs },
  );
  return guarded(failover, s, clock, log);
}
