import { DataError } from "../../core/errors.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../core/time.js";
import { TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from "../../model/market-data.js";

/** A spacing in ms as a short human text: 90s, 2m, 1h30m, 3d. */
export function describeSpacing(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % MINUTE_MS !== 0) return `${ms / 1000}s`;
  const h = Math.floor(ms / HOUR_MS);
  const m = (ms % HOUR_MS) / MINUTE_MS;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}

/** A gap of whole days give or take a DST hour counts as that many days (daily bars at local midnight). */
function spacingKey(d: number): number {
  if (d < 20 * HOUR_MS) return d;
  const days = Math.round(d / DAY_MS) * DAY_MS;
  return Math.abs(d - days) <= HOUR_MS ? days : d;
}

/**
 * The bar length of a series: the most common spacing between consecutive times (ties: the shorter).
 * Daily bars with weekend and holiday gaps (2–4 days) are D1 even when no two bars are a day apart. A spacing that
 * is no known timeframe is DataError DATA_FORMAT naming it; fewer than two bars cannot be inferred.
 */
export function inferTimeframe(time: Float64Array, file: string): Timeframe {
  if (time.length < 2) {
    throw new DataError("DATA_FORMAT", file, "cannot infer the timeframe from a single bar: declare it");
  }
  const counts = new Map<number, number>();
  for (let i = 1; i < time.length; i++) {
    const key = spacingKey(time[i]! - time[i - 1]!);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let mode = Number.POSITIVE_INFINITY;
  let best = 0;
  for (const [key, n] of counts) {
    if (n > best || (n === best && key < mode)) {
      mode = key;
      best = n;
    }
  }
  const tf = TIMEFRAMES.find((t) => TIMEFRAME_MS[t] === mode);
  if (tf !== undefined) return tf;
  // a few daily bars around a weekend or holiday: the gap is the most common spacing (weekly is not D1)
  if (mode % DAY_MS === 0 && mode <= 4 * DAY_MS) return "D1";
  const known = TIMEFRAMES.join(", ");
  throw new DataError(
    "DATA_FORMAT",
    file,
    `the most common spacing between bars is ${describeSpacing(mode)}, which is no supported timeframe (${known})`,
  );
}

/**
 * Bars may not overlap: each bar must start at least one bar length after the previous one (H4 and D1
 * bars may be an hour shorter, across a DST change in local time). `firstLine` is the line of bar 0;
 * rows are consecutive lines, so bar i is on line firstLine + i.
 */
export function checkBarSpacing(
  time: Float64Array,
  tf: Timeframe,
  file: string,
  firstLine: number,
  field: string,
): void {
  const len = TIMEFRAME_MS[tf];
  const min = len >= 4 * HOUR_MS ? len - HOUR_MS : len;
  for (let i = 1; i < time.length; i++) {
    const d = time[i]! - time[i - 1]!;
    if (d < min) {
      const why = `bar starts ${describeSpacing(d)} after the previous one, less than the ${tf} bar length`;
      throw new DataError("DATA_BAD_ROW", file, why, { line: firstLine + i, field });
    }
  }
}
