import { readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataDir, dataFile } from "../data-dir.js";
import { readMarketFile } from "../readers/read-market-file.js";
import { tempFiles } from "../readers/test-support/temp-files.js";
import type { MarketSeries } from "../series.js";
import { cacheEntryPath, readMarketFileCached } from "./cached-read.js";

const tmp = tempFiles("hydra-cache-");
afterAll(() => tmp.cleanup());
let n = 0;
const cacheDir = (): string => path.join(tmp.dir, `cache-${++n}`);

const TICKS = "time,bid,ask\n2024-01-02T10:00:00Z,1.1,1.2\n2024-01-02T10:00:01.5Z,1.15,1.25\n";
const BARS =
  "time,open,high,low,close,volume\n2024-01-02T10:00:00Z,1,2,0.5,1.5,10\n2024-01-02T10:01:00Z,1.5,2,1,1.2,7\n";

function expectSame(a: MarketSeries, b: MarketSeries): void {
  expect({ ...a }).toEqual({ ...b });
}

describe("the columnar cache", () => {
  it("round trip: the second read is a hit with the same series (ticks and bars)", () => {
    for (const [name, text] of [
      ["t.csv.gz", TICKS],
      ["b.csv", BARS],
    ] as const) {
      const file = tmp.write(name, text, name.endsWith(".gz"));
      const dir = cacheDir();
      const first = readMarketFileCached(file, {}, dir);
      expect(first.cache).toEqual({ kind: "written" });
      const second = readMarketFileCached(file, {}, dir);
      expect(second.cache).toEqual({ kind: "hit" });
      expectSame(second.series, readMarketFile(file));
      expectSame(second.series, first.series);
    }
  });

  it("options are part of the key", () => {
    const file = tmp.write("opts.csv", TICKS);
    const dir = cacheDir();
    readMarketFileCached(file, {}, dir);
    const other = readMarketFileCached(file, { symbol: "EURUSD" }, dir);
    expect(other.cache.kind).toBe("written");
    expect(other.series.symbol).toBe("EURUSD");
    expect(readMarketFileCached(file, {}, dir).cache).toEqual({ kind: "hit" });
  });

  it("a change of size, of mtime, or of content alone (same size and mtime) invalidates the entry", () => {
    const file = tmp.write("change.csv", TICKS);
    const dir = cacheDir();
    readMarketFileCached(file, {}, dir);
    // size
    writeFileSync(file, `${TICKS}2024-01-02T10:00:02Z,1.2,1.3\n`);
    let r = readMarketFileCached(file, {}, dir);
    expect(r.cache).toEqual({ kind: "written", replaced: "stale" });
    expect(r.series.length).toBe(3);
    // mtime only
    const later = new Date(statSync(file).mtimeMs + 5000);
    utimesSync(file, later, later);
    expect(readMarketFileCached(file, {}, dir).cache).toEqual({ kind: "written", replaced: "stale" });
    expect(readMarketFileCached(file, {}, dir).cache).toEqual({ kind: "hit" });
    // content only: same length, mtime put back
    const st = statSync(file);
    writeFileSync(file, `${TICKS}2024-01-02T10:00:02Z,1.2,1.4\n`);
    utimesSync(file, st.atime, st.mtime);
    expect(statSync(file).mtimeMs).toBe(st.mtimeMs);
    r = readMarketFileCached(file, {}, dir);
    expect(r.cache).toEqual({ kind: "written", replaced: "stale" });
    expect(r.series.kind === "ticks" && r.series.ask[2]).toBe(1.4);
  });

  it("a truncated, altered or garbage entry is detected and rebuilt, never trusted", () => {
    const file = tmp.write("corrupt.csv", TICKS);
    const dir = cacheDir();
    readMarketFileCached(file, {}, dir);
    const entry = cacheEntryPath(dir, file, {});
    const good = readFileSync(entry);
    const damages: [string, Buffer][] = [
      ["truncated", good.subarray(0, good.length - 3)],
      [
        "a value altered",
        Buffer.concat([good.subarray(0, good.length - 1), Buffer.from([good.at(-1)! ^ 1])]),
      ],
      ["extra bytes", Buffer.concat([good, Buffer.alloc(8)])],
      ["garbage", Buffer.from("not a cache file at all")],
      ["empty", Buffer.alloc(0)],
    ];
    for (const [what, bytes] of damages) {
      writeFileSync(entry, bytes);
      const r = readMarketFileCached(file, {}, dir);
      expect(r.cache, what).toEqual({ kind: "written", replaced: "corrupt" });
      expectSame(r.series, readMarketFile(file));
      expect(readFileSync(entry).equals(good), what).toBe(true);
    }
  });

  it("an unwritable cache folder is reported and the series still returned", () => {
    const file = tmp.write("unwritable.csv", TICKS);
    const blocker = tmp.write("blocker", "a file where the cache folder should be");
    const r = readMarketFileCached(file, {}, blocker);
    expect(r.cache.kind).toBe("unwritable");
    expectSame(r.series, readMarketFile(file));
  });

  const rel = "forex/lean_oanda_EURUSD_tick_bidask_20140501-20140515.csv.gz";
  const real = dataFile(rel);
  if (real === undefined) console.warn(`real-data test skipped: ${rel} not found under ${dataDir()}`);
  it.skipIf(real === undefined)("a real tick file comes back from the cache value for value", () => {
    const dir = cacheDir();
    expect(readMarketFileCached(real!, {}, dir).cache.kind).toBe("written");
    const hit = readMarketFileCached(real!, {}, dir);
    expect(hit.cache.kind).toBe("hit");
    const direct = readMarketFile(real!);
    expect(hit.series.length).toBe(532_903);
    for (const k of ["time", "bid", "ask"] as const) {
      const a = hit.series.kind === "ticks" ? hit.series[k] : new Float64Array();
      const b = direct.kind === "ticks" ? direct[k] : new Float64Array();
      expect(
        Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
          Buffer.from(b.buffer, b.byteOffset, b.byteLength),
        ),
      ).toBe(true);
    }
  });
});
