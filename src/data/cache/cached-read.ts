import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Timeframe } from "../../model/market-data.js";
import type { MarketFileOptions } from "../readers/options.js";
import { parseMarketBytes, readMarketFile } from "../readers/read-market-file.js";
import { readRawBytes } from "../readers/open-lines.js";
import type { MarketSeries } from "../series.js";
import { COLUMN_FILES_SUPPORTED, readColumnFile, writeColumnFile } from "./column-file.js";

/** What the cache did: served the columns, wrote them after a parse, could not write them, or skipped a small file. */
export type CacheOutcome =
  | { kind: "hit" }
  | { kind: "small" }
  | { kind: "written"; replaced?: "stale" | "corrupt" }
  | { kind: "unwritable"; why: string };

export interface CachedRead {
  series: MarketSeries;
  cache: CacheOutcome;
}

/** What a cache entry was built from: the source's identity and the read options. */
interface SourceKey {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  options: MarketFileOptions;
}

interface CacheMeta {
  source: SourceKey;
  kind: MarketSeries["kind"];
  symbol: string;
  timeframe?: Timeframe;
}

const TICK_COLUMNS = ["time", "bid", "ask"] as const;
const BAR_COLUMNS = ["time", "open", "high", "low", "close", "volume", "spread"] as const;

/** Files smaller than this are parsed every time: it is as quick as hashing them and reading an entry. */
export const CACHE_MIN_BYTES = 1 << 20;

/** The cache folder: $HYDRA_CACHE_DIR, else $XDG_CACHE_HOME/hydra, else ~/.cache/hydra. */
export function defaultCacheDir(): string {
  const own = process.env.HYDRA_CACHE_DIR;
  if (own !== undefined && own !== "") return path.resolve(own);
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== "" ? xdg : path.join(os.homedir(), ".cache");
  return path.join(base, "hydra");
}

/** The entry of one file read with one set of options (a path of the cache folder). */
export function cacheEntryPath(cacheDir: string, file: string, opts: MarketFileOptions): string {
  const id = createHash("sha256")
    .update(JSON.stringify([path.resolve(file), canonicalOptions(opts)]))
    .digest("hex")
    .slice(0, 32);
  return path.join(cacheDir, "series", `${path.basename(file).replace(/[^\w.-]/g, "_")}.${id}.hcol`);
}

function canonicalOptions(opts: MarketFileOptions): MarketFileOptions {
  return {
    format: opts.format ?? "auto",
    ...(opts.tz === undefined ? {} : { tz: opts.tz }),
    ...(opts.symbol === undefined ? {} : { symbol: opts.symbol }),
    ...(opts.timeframe === undefined ? {} : { timeframe: opts.timeframe }),
  };
}

/**
 * readMarketFile through a columnar cache in `cacheDir`. An entry is used only when the source's size,
 * mtime and SHA-256 (of its bytes as stored) and the read options are those it was built from, and its
 * checksum holds; otherwise the file is parsed (every row validated, as without the cache) and the entry
 * written anew. A cache that cannot be written is reported, and the series returned all the same.
 */
export function readMarketFileCached(
  file: string,
  opts: MarketFileOptions,
  cacheDir: string,
  minBytes = 0,
): CachedRead {
  const st = statSync(file, { throwIfNoEntry: false });
  // a missing file: the reader's own error
  if (st === undefined || st.size < minBytes)
    return { series: readMarketFile(file, opts), cache: { kind: "small" } };
  const options = canonicalOptions(opts);
  const entry = cacheEntryPath(cacheDir, file, opts);
  let replaced: "stale" | "corrupt" | undefined;
  if (COLUMN_FILES_SUPPORTED) {
    const found = readColumnFile<CacheMeta>(entry);
    if (found === "corrupt") replaced = "corrupt";
    else if (found !== "absent") {
      const was = found.meta.source;
      const current = { path: path.resolve(file), size: st.size, mtimeMs: st.mtimeMs, options };
      if (sameSource(was, current) && was.sha256 === hashFile(file)) {
        const series = toSeries(found.meta, found.length, found.columns);
        if (series !== undefined) return { series, cache: { kind: "hit" } };
        replaced = "corrupt";
      } else replaced = "stale";
    }
  }
  const raw = readRawBytes(file);
  // stat after the read: a change in between is still caught, since the hash is of the bytes parsed
  const after = statSync(file);
  const source: SourceKey = {
    path: path.resolve(file),
    size: after.size,
    mtimeMs: after.mtimeMs,
    sha256: createHash("sha256").update(raw).digest("hex"),
    options,
  };
  const series = parseMarketBytes(file, raw, opts);
  if (!COLUMN_FILES_SUPPORTED) return { series, cache: { kind: "unwritable", why: "big-endian host" } };
  try {
    mkdirSync(path.dirname(entry), { recursive: true });
    writeColumnFile<CacheMeta>(entry, {
      meta: {
        source,
        kind: series.kind,
        symbol: series.symbol,
        ...(series.kind === "bars" ? { timeframe: series.timeframe } : {}),
      },
      length: series.length,
      columns: columnsOf(series),
    });
  } catch (e) {
    return { series, cache: { kind: "unwritable", why: (e as Error).message } };
  }
  return { series, cache: replaced === undefined ? { kind: "written" } : { kind: "written", replaced } };
}

function sameSource(a: SourceKey | undefined, b: Omit<SourceKey, "sha256">): boolean {
  return (
    a !== undefined &&
    a.path === b.path &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    JSON.stringify(a.options) === JSON.stringify(b.options)
  );
}

/** SHA-256 of a file's bytes, read 1 MiB at a time (the file is not held in memory). */
function hashFile(file: string): string {
  const hash = createHash("sha256");
  const chunk = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(file, "r");
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

function columnsOf(s: MarketSeries): Record<string, Float64Array> {
  if (s.kind === "ticks") return { time: s.time, bid: s.bid, ask: s.ask };
  const { time, open, high, low, close, volume, spread } = s;
  return { time, open, high, low, close, volume, spread };
}

/** The series an entry holds; undefined when its columns are not the ones its kind needs. */
function toSeries(
  meta: CacheMeta,
  length: number,
  c: Record<string, Float64Array>,
): MarketSeries | undefined {
  const has = (names: readonly string[]): boolean =>
    Object.keys(c).length === names.length && names.every((n) => c[n] !== undefined);
  if (meta.kind === "ticks" && has(TICK_COLUMNS))
    return { kind: "ticks", symbol: meta.symbol, length, time: c.time!, bid: c.bid!, ask: c.ask! };
  if (meta.kind === "bars" && has(BAR_COLUMNS) && meta.timeframe !== undefined)
    return {
      kind: "bars",
      symbol: meta.symbol,
      timeframe: meta.timeframe,
      length,
      time: c.time!,
      open: c.open!,
      high: c.high!,
      low: c.low!,
      close: c.close!,
      volume: c.volume!,
      spread: c.spread!,
    };
  return undefined;
}
