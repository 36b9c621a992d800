import { HydraError } from "../core/errors.js";
import { DAY_MS } from "../core/time.js";
import { CACHE_MIN_BYTES, type CacheOutcome, readMarketFileCached } from "../data/cache/cached-read.js";
import { readMarketFile } from "../data/readers/index.js";
import type { MarketSeries } from "../data/series.js";
import { shiftSeries } from "../data/shift-series.js";
import { generateTicks } from "../data/synthetic/index.js";
import { DEFAULT_INSTRUMENTS, resolveInstrument } from "../model/default-instruments.js";
import type { InstrumentSpec } from "../model/instrument.js";

export interface MarketSource {
  /** a data file; the seeded synthetic market when absent */
  data?: string;
  format?: "auto" | "ohlcv" | "histdata" | "ticks";
  /** zone of naive timestamps in the file (default UTC; America/New_York for HistData) */
  tz?: string;
  symbol?: string;
  /** spec overrides (CLI flags), applied over `bySymbol` */
  overrides?: Partial<InstrumentSpec>;
  /** spec overrides by symbol (an instruments config file) */
  bySymbol?: Readonly<Record<string, Partial<InstrumentSpec>>>;
  synthetic?: { seed: number; startMs: number; days: number };
  /**
   * hours to add to every timestamp after parsing: a broker's server clock that runs a fixed number of
   * hours ahead of a zone's wall clock (the US30 file: New York + 7 h → --tz America/New_York --shift -7)
   */
  shiftHours?: number;
  /** a folder for the columnar cache of data files (see defaultCacheDir); no cache when absent */
  cacheDir?: string;
}

export interface LoadedMarket {
  series: MarketSeries;
  spec: InstrumentSpec;
  /** "synthetic (seed 1)" or the file path */
  origin: string;
  /** what the columnar cache did, when one was given */
  cache?: CacheOutcome;
}

export const DEFAULT_SYNTHETIC = { seed: 1, startMs: Date.UTC(2024, 0, 1), days: 30 } as const;

/** Loads the data a backtest runs on, and the instrument spec it trades. */
export function loadMarket(source: MarketSource): LoadedMarket {
  if (source.data === undefined) {
    if (source.shiftHours !== undefined && source.shiftHours !== 0)
      throw new HydraError("CLI_USAGE", "--shift applies to the timestamps of a --data file", {
        field: "--shift",
      });
    const symbol = source.symbol ?? "XAUUSD";
    const spec = resolveInstrument(symbol, { ...source.bySymbol?.[symbol], ...source.overrides });
    const syn = { ...DEFAULT_SYNTHETIC, ...source.synthetic };
    const series = generateTicks(symbol, {
      seed: syn.seed,
      startMs: syn.startMs,
      endMs: syn.startMs + syn.days * DAY_MS,
      spec,
    });
    return { series, spec, origin: `synthetic market (seed ${syn.seed}, ${syn.days} days)` };
  }
  const opts = {
    format: source.format ?? "auto",
    ...(source.tz === undefined ? {} : { tz: source.tz }),
    ...(source.symbol === undefined ? {} : { symbol: source.symbol }),
  };
  const cached =
    source.cacheDir === undefined
      ? undefined
      : readMarketFileCached(source.data, opts, source.cacheDir, CACHE_MIN_BYTES);
  const read = cached?.series ?? readMarketFile(source.data, opts);
  const series = source.shiftHours === undefined ? read : shiftSeries(read, source.shiftHours);
  const symbol = source.symbol ?? series.symbol;
  const known = DEFAULT_INSTRUMENTS[symbol] !== undefined;
  const overrides =
    known || source.overrides?.digits !== undefined
      ? (source.overrides ?? {})
      : { digits: inferDigits(series), ...source.overrides };
  const spec = resolveInstrument(symbol, overrides);
  return {
    series: series.symbol === symbol ? series : { ...series, symbol },
    spec,
    origin: cached?.cache.kind === "hit" ? `${source.data} (columns from the cache)` : source.data,
    ...(cached === undefined ? {} : { cache: cached.cache }),
  };
}

/** Decimals the prices of a file use (for symbols HYDRA has no spec for). */
function inferDigits(series: MarketSeries): number {
  const prices = series.kind === "ticks" ? series.bid : series.close;
  const n = Math.min(prices.length, 2000);
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const p = prices[i]!;
    while (digits < 8 && Math.abs(p * 10 ** digits - Math.round(p * 10 ** digits)) > 1e-6) digits++;
  }
  if (n === 0) throw new HydraError("DATA_FORMAT", "the data file has no rows", {});
  return digits;
}
