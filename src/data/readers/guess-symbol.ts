import path from "node:path";

/** File-name tokens that name a HYDRA symbol. */
const ALIASES: Readonly<Record<string, string>> = {
  XAUUSD: "XAUUSD",
  GOLD: "XAUUSD",
  US30: "US30",
  DJ30: "US30",
  DJI: "US30",
  NAS100: "NAS100",
  USTEC: "NAS100",
  NDX: "NAS100",
  NQ: "NAS100",
  NQF: "NAS100",
  BTC: "BTC-USD",
  BTCUSD: "BTC-USD",
  BTCUSDT: "BTC-USD",
  XBTUSD: "BTC-USD",
  ETH: "ETH-USD",
  ETHUSD: "ETH-USD",
  ETHUSDT: "ETH-USD",
  SOL: "SOL-USD",
  SOLUSD: "SOL-USD",
  SOLUSDT: "SOL-USD",
};

/** Currency and metal codes that make a six-letter token an FX or metal pair (EURUSD, XAGUSD…). */
const CURRENCIES: ReadonlySet<string> = new Set(
  [
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CHF",
    "AUD",
    "NZD",
    "CAD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "MXN",
    "ZAR",
  ].concat(["TRY", "SGD", "HKD", "CNH", "XAU", "XAG"]),
);

/**
 * The symbol a market data file is most likely about, from the tokens of its name (split on anything
 * not a letter or digit): a known alias (BTCUSDT → BTC-USD, NQ → NAS100, US30…), else a currency or metal
 * pair (EURUSD), else "UNKNOWN".
 */
export function guessSymbol(file: string): string {
  const tokens = path
    .basename(file)
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((t) => t !== "");
  for (const t of tokens) {
    const alias = ALIASES[t];
    if (alias !== undefined) return alias;
  }
  for (const t of tokens) {
    if (t.length === 6 && CURRENCIES.has(t.slice(0, 3)) && CURRENCIES.has(t.slice(3))) return t;
  }
  return "UNKNOWN";
}
