import { writeFileSync } from "node:fs";
import type { Clock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { type Bar, TIMEFRAME_MS, type Timeframe } from "../../model/market-data.js";
import type { CoinbaseMarketData } from "./coinbase.js";
import { COINBASE_MAX_CANDLES } from "./coinbase-timeframes.js";
import { type CoinGeckoClient, coingeckoAsset } from "./coingecko.js";

const DAY_MS = 86_400_000;

export type DownloadSource = "coingecko" | "coinbase";

export interface DownloadRequest {
  source: DownloadSource;
  /** HYDRA symbol, e.g. BTC-USD */
  asset: string;
  /** first bar time (epoch ms); or `days` back from now */
  since?: number;
  days?: number;
  /** coinbase only; default H1 */
  timeframe?: Timeframe;
}

export interface DownloadDeps {
  clock: Clock;
  coingecko: () => CoinGeckoClient;
  /** loaded lazily: ccxt takes ~0.6 s to import */
  coinbase: () => Promise<CoinbaseMarketData>;
}

function startOf(req: DownloadRequest, now: number): number {
  if (req.since !== undefined) return req.since;
  return now - (req.days ?? 1) * DAY_MS;
}

/** Downloads bars of `asset` from `since` (or `days` back) to now, oldest first, without duplicates. */
export async function downloadBars(req: DownloadRequest, deps: DownloadDeps): Promise<Bar[]> {
  const now = deps.clock.now();
  const since = startOf(req, now);
  if (req.source === "coingecko") {
    const { id, vs } = coingeckoAsset(req.asset);
    const days = Math.max(1, Math.ceil((now - since) / DAY_MS));
    const bars = await deps.coingecko().ohlc(id, vs, days, req.asset.toUpperCase());
    return bars.filter((b) => b.time >= since);
  }
  const tf = req.timeframe ?? "H1";
  const client = await deps.coinbase();
  const out: Bar[] = [];
  for (let from = since; from < now; ) {
    const page = await client.fetchBars(req.asset, tf, from, COINBASE_MAX_CANDLES);
    for (const b of page) if (b.time >= from && b.time < now) out.push(b);
    from += COINBASE_MAX_CANDLES * TIMEFRAME_MS[tf];
  }
  const seen = new Set<number>();
  return out.filter((b) => !seen.has(b.time) && seen.add(b.time)).sort((a, b) => a.time - b.time);
}

/** OHLCV CSV with a header (time as ISO UTC), as `readMarketFile` / `hydra backtest --data` read it. */
function barsToCsv(bars: readonly Bar[]): string {
  const lines = ["time,open,high,low,close,volume"];
  for (const b of bars) {
    lines.push(`${new Date(b.time).toISOString()},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
  }
  return `${lines.join("\n")}\n`;
}

export function writeBarsCsv(file: string, bars: readonly Bar[]): void {
  if (bars.length === 0) throw new HydraError("MARKET_DATA", `no bars to write to ${file}`, { file });
  writeFileSync(file, barsToCsv(bars));
}
