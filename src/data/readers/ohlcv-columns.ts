import { DataError } from "../../core/errors.js";
import type { BarLayout } from "./bar-rows.js";

/** Header names (lower case) taken as the time column; "" is backtesting.py's unnamed index column. */
const TIME_NAMES: ReadonlySet<string> = new Set([
  "time",
  "timestamp",
  "date",
  "datetime",
  "time_utc",
  "time_america_new_york",
  "",
]);
const VOLUME_NAMES: readonly string[] = ["volume", "vol", "tick_volume", "tickvol"];

/** True for a header name of a time column: the names above or any `time_<zone>`. */
export function isTimeColumn(name: string): boolean {
  const n = name.toLowerCase();
  return TIME_NAMES.has(n) || n.startsWith("time_");
}

/** Column names for messages: as the file spells them, an unnamed one as "column N". */
export function displayNames(header: readonly string[]): string[] {
  return header.map((n, i) => (n === "" ? `column ${i + 1}` : n));
}

/**
 * Maps an OHLCV header to field positions, names matched case-insensitively: a time column, then
 * open/high/low/close (or LEAN's bid_open… with ask_open for the spread) and an optional volume.
 * Other columns are ignored. Missing columns are DataError DATA_FORMAT at the header line.
 */
export function resolveBarLayout(header: readonly string[], file: string, headerLine: number): BarLayout {
  const lower = header.map((n) => n.toLowerCase());
  const find = (name: string): number => lower.indexOf(name);
  const time = lower.findIndex((n) => isTimeColumn(n));
  const plain = find("open") >= 0 || find("close") >= 0;
  const prefix = plain ? "" : "bid_";
  const open = find(`${prefix}open`);
  const high = find(`${prefix}high`);
  const low = find(`${prefix}low`);
  const close = find(`${prefix}close`);
  const missing: string[] = [];
  if (time < 0) missing.push("a time column (time, timestamp, date, datetime, time_utc, time_<zone>)");
  for (const [name, at] of [
    ["open", open],
    ["high", high],
    ["low", low],
    ["close", close],
  ] as const) {
    if (at < 0) missing.push(`${prefix}${name}`);
  }
  if (missing.length > 0) {
    const why = `OHLCV header ${JSON.stringify(header.join(","))} lacks ${missing.join(", ")}`;
    throw new DataError("DATA_FORMAT", file, why, { line: headerLine });
  }
  const volume = VOLUME_NAMES.map(find).find((i) => i >= 0) ?? -1;
  const askOpen = plain ? -1 : find("ask_open");
  return { time, open, high, low, close, volume, askOpen, names: displayNames(header) };
}
