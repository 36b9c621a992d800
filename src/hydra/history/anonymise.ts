import { Prng } from "../../core/prng.js";
import type { BarSeries } from "../../data/series.js";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** 1970-01-05 was a Monday: weeks start on Mondays 00:00 UTC. */
const MONDAY0 = 4 * DAY;
/** The fictional epoch the anonymised history starts in: the week of Monday 2101-01-03 00:00 UTC. */
export const FICTIONAL_EPOCH_MS = Date.UTC(2101, 0, 3);

const weekStart = (t: number): number => t - ((((t - MONDAY0) % WEEK) + WEEK) % WEEK);

/** How one asset was disguised; `toReal*` undo it for reporting. */
export interface AssetAlias {
  real: string;
  alias: string;
  /** anonymised price = real price × scale */
  scale: number;
}

export interface AnonymiseMap {
  seed: number;
  /** anonymised time = real time + shiftMs (a whole number of weeks: weekday and time of day are kept) */
  shiftMs: number;
  assets: readonly AssetAlias[];
}

/** A seeded scale that moves the level by at least 2× either way (never within 20% of the original). */
function scaleFor(rng: Prng): number {
  const magnitude = 2 + rng.next() * 6; // 2..8
  return rng.next() < 0.5 ? magnitude : 1 / magnitude;
}

/** The map for these series: names "ASSET-A", "ASSET-B", …, one scale each, one time shift for all. */
function anonymiseMap(series: readonly BarSeries[], seed: number): AnonymiseMap {
  const rng = new Prng(seed);
  const start = Math.min(...series.map((s) => (s.length > 0 ? s.time[0]! : Number.POSITIVE_INFINITY)));
  const shiftMs = Number.isFinite(start) ? FICTIONAL_EPOCH_MS - weekStart(start) : 0;
  return {
    seed,
    shiftMs,
    assets: series.map((s, i) => ({
      real: s.symbol,
      alias: `ASSET-${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ""}`,
      scale: scaleFor(rng),
    })),
  };
}

const scaled = (a: Float64Array, k: number): Float64Array => a.map((v) => v * k);

function applyAlias(s: BarSeries, a: AssetAlias, shiftMs: number): BarSeries {
  return {
    kind: "bars",
    symbol: a.alias,
    timeframe: s.timeframe,
    length: s.length,
    time: s.time.map((t) => t + shiftMs),
    open: scaled(s.open, a.scale),
    high: scaled(s.high, a.scale),
    low: scaled(s.low, a.scale),
    close: scaled(s.close, a.scale),
    volume: s.volume.slice(),
    spread: scaled(s.spread, a.scale),
  };
}

/** Deterministic from the seed: the same series and seed give the same disguise. */
export function anonymise(
  series: readonly BarSeries[],
  seed: number,
): { series: BarSeries[]; map: AnonymiseMap } {
  const map = anonymiseMap(series, seed);
  return { series: series.map((s, i) => applyAlias(s, map.assets[i]!, map.shiftMs)), map };
}

/** Undoes `anonymise` (up to floating-point rounding of the prices). */
export function deanonymise(series: readonly BarSeries[], map: AnonymiseMap): BarSeries[] {
  return series.map((s) => {
    const a = aliasOf(map, s.symbol);
    return applyAlias(s, { real: a.alias, alias: a.real, scale: 1 / a.scale }, -map.shiftMs);
  });
}

function aliasOf(map: AnonymiseMap, alias: string): AssetAlias {
  const a = map.assets.find((x) => x.alias === alias);
  if (a === undefined) throw new RangeError(`no anonymised asset "${alias}"`);
  return a;
}

/** For reports: the real symbol, price and time behind anonymised ones. */
export const toRealSymbol = (map: AnonymiseMap, alias: string): string => aliasOf(map, alias).real;
export const toRealPrice = (map: AnonymiseMap, alias: string, price: number): number =>
  price / aliasOf(map, alias).scale;
export const toRealTime = (map: AnonymiseMap, time: number): number => time - map.shiftMs;
