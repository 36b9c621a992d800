import { z } from "zod";
import { HydraError } from "../../../core/errors.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The live feeds' settings from the environment, validated once here (an empty value counts as unset):
 *
 * | variable                   | meaning                                                        | default                  |
 * | -------------------------- | -------------------------------------------------------------- | ------------------------ |
 * | HYDRA_COINBASE_URL         | Coinbase REST base URL (tests: a local fake)                   | https://api.coinbase.com |
 * | HYDRA_COINGECKO_URL        | CoinGecko base URL (https://pro-api.coingecko.com for a pro key) | https://api.coingecko.com |
 * | COINBASE_API_KEY_NAME      | with COINBASE_API_PRIVATE_KEY: signed requests (optional)      | public endpoints         |
 * | COINBASE_API_PRIVATE_KEY   | the EC private key (PEM; line breaks may be written as \n)    |                          |
 * | COINGECKO_API_KEY          | demo or pro key (optional)                                     |                          |
 * | HYDRA_FEED_TIMEOUT_MS      | per request                                                    | 10000                    |
 * | HYDRA_FEED_SPREAD_PCT      | CoinGecko's made-up bid/ask spread, % of the price             | 0.1                      |
 * | HYDRA_FEED_MAX_AGE_MS      | an asset whose source timestamp has not moved longer is stale  | 120000                   |
 * | HYDRA_FEED_JUMP_PCT        | a jump beyond this % is held one poll until confirmed          | 10                       |
 * | HYDRA_FEED_PROBE_MS        | on the secondary, the primary is tried again this often        | 60000                    |
 */
export interface FeedSettings {
  coinbaseUrl: string | undefined;
  coingeckoUrl: string | undefined;
  coingeckoApiKey: string | undefined;
  timeoutMs: number;
  spreadPct: number;
  maxAgeMs: number;
  jumpPct: number;
  probeMs: number;
}

const unsetIfBlank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(t: T) => z.preprocess(unsetIfBlank, t.optional());
const httpUrl = optional(z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }));
const ms = (min: number, max: number) =>
  optional(
    z.coerce
      .number({ error: "expected a number of milliseconds" })
      .int({ error: "expected whole milliseconds" })
      .min(min, { error: `expected at least ${min} ms` })
      .max(max, { error: `expected at most ${max} ms` }),
  );
const pct = (max: number) =>
  optional(
    z.coerce
      .number({ error: "expected a percentage" })
      .min(0, { error: "expected a percentage ≥ 0" })
      .max(max, { error: `expected a percentage ≤ ${max}` }),
  );

const FEED_ENV = z.object({
  HYDRA_COINBASE_URL: httpUrl,
  HYDRA_COINGECKO_URL: httpUrl,
  COINBASE_API_KEY_NAME: optional(z.string()),
  COINBASE_API_PRIVATE_KEY: optional(z.string()),
  COINGECKO_API_KEY: optional(z.string()),
  HYDRA_FEED_TIMEOUT_MS: ms(100, 120_000),
  HYDRA_FEED_SPREAD_PCT: pct(10),
  HYDRA_FEED_MAX_AGE_MS: ms(1000, 86_400_000),
  HYDRA_FEED_JUMP_PCT: pct(100),
  HYDRA_FEED_PROBE_MS: ms(1000, 86_400_000),
});

/** Values of these are never repeated in an error (URLs may carry credentials). */
const QUIET = new Set(["HYDRA_COINBASE_URL", "HYDRA_COINGECKO_URL"]);

export function feedSettingsFromEnv(env: Env): FeedSettings {
  const parsed = FEED_ENV.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const got = QUIET.has(name) ? "" : ` (got "${env[name]}")`;
    throw new HydraError("CONFIG_INVALID", `${name}: ${issue.message}${got}`, { field: name });
  }
  const e = parsed.data;
  if ((e.COINBASE_API_KEY_NAME === undefined) !== (e.COINBASE_API_PRIVATE_KEY === undefined)) {
    const missing =
      e.COINBASE_API_KEY_NAME === undefined ? "COINBASE_API_KEY_NAME" : "COINBASE_API_PRIVATE_KEY";
    throw new HydraError(
      "CONFIG_INVALID",
      `${missing}: needed too when the other Coinbase key variable is set (or unset both for public data)`,
      { field: missing },
    );
  }
  return {
    coinbaseUrl: e.HYDRA_COINBASE_URL,
    coingeckoUrl: e.HYDRA_COINGECKO_URL,
    coingeckoApiKey: e.COINGECKO_API_KEY,
    timeoutMs: e.HYDRA_FEED_TIMEOUT_MS ?? 10_000,
    spreadPct: e.HYDRA_FEED_SPREAD_PCT ?? 0.1,
    maxAgeMs: e.HYDRA_FEED_MAX_AGE_MS ?? 120_000,
    jumpPct: e.HYDRA_FEED_JUMP_PCT ?? 10,
    probeMs: e.HYDRA_FEED_PROBE_MS ?? 60_000,
  };
}
