import { describe, expect, it } from "vitest";
import { dataDir, dataFile } from "../data-dir.js";
import { readMarketFile } from "./read-market-file.js";
import { readTicks } from "./read-ticks.js";
import { iso } from "./test-support/temp-files.js";

/**
 * Loads the real files of the shared data folder (see its SOURCES.md). Each test is skipped, with a note,
 * when its file is absent (set HYDRA_DATA_DIR to point elsewhere).
 */
function real(rel: string): string | undefined {
  const file = dataFile(rel);
  if (file === undefined)
    console.warn(`real-data test skipped: ${rel} not found under ${dataDir()} (set HYDRA_DATA_DIR)`);
  return file;
}

const XAU_TICKS = real("forex/lean_oanda_XAUUSD_tick_bidask_20140501-20140515.csv.gz");
const XAU_HISTDATA = real("forex/histdata_XAUUSD_M1_2017H1.csv.gz");
const US30 = real("indices/mt5_US30_1m_servertime_20260219-20260313.csv.gz");
const BACKTRADER = real("reference/backtrader_2006-day-001.txt");
const XAU_LEAN_M1 = real("forex/lean_oanda_XAUUSD_1m_bidask_20140501-20140515.csv.gz");
const GOOG = real("reference/backtestingpy_GOOG_1d_20040819-20130301.csv");
const NQ = real("indices/yahoo_NQF_1m_20260702-20260731.csv.gz");

describe("real market data", () => {
  it.skipIf(!XAU_TICKS)("XAUUSD ticks: 2,022,969 rows, fast", () => {
    const t0 = performance.now();
    const s = readTicks(XAU_TICKS!);
    const ms = performance.now() - t0;
    console.info(`XAUUSD tick file: ${s.length} ticks loaded in ${ms.toFixed(0)} ms`);
    expect(s.symbol).toBe("XAUUSD");
    expect(s.length).toBe(2_022_969);
    expect(iso(s.time[0])).toBe("2014-05-01T00:00:00.043Z");
    expect(s.bid[0]).toBe(1291.677);
    expect(s.ask[0]).toBe(1292.033);
    expect(iso(s.time[s.length - 1])).toBe("2014-05-15T23:59:54.766Z");
    // target: well under 2 s on a quiet machine; the bound here only catches gross regressions under load
    expect(ms).toBeLessThan(8000);
  });

  it.skipIf(!XAU_TICKS)("the tick file is detected as ticks", () => {
    expect(readMarketFile(XAU_TICKS!).kind).toBe("ticks");
  });

  it.skipIf(!XAU_HISTDATA)("HistData XAUUSD M1: 175,418 bars, New York wall clock", () => {
    const s = readMarketFile(XAU_HISTDATA!, { tz: "America/New_York" });
    expect(s.kind === "bars" && s.timeframe).toBe("M1");
    expect(s.symbol).toBe("XAUUSD");
    expect(s.length).toBe(175_418);
    expect(iso(s.time[0])).toBe("2017-01-02T23:01:00.000Z");
    expect(iso(s.time[s.length - 1])).toBe("2017-06-30T20:59:00.000Z");
  });

  it.skipIf(!US30)("US30 M1 (server-time labels, see SOURCES.md note 3): loads 23,459 bars", () => {
    const s = readMarketFile(US30!);
    expect(s.kind === "bars" && s.timeframe).toBe("M1");
    expect(s.symbol).toBe("US30");
    expect(s.length).toBe(23_459);
  });

  it.skipIf(!BACKTRADER)("backtrader 2006 daily file: 255 D1 bars", () => {
    const s = readMarketFile(BACKTRADER!);
    expect(s.kind === "bars" && s.timeframe).toBe("D1");
    expect(s.length).toBe(255);
    expect(iso(s.time[0])).toBe("2006-01-02T00:00:00.000Z");
  });

  it.skipIf(!XAU_LEAN_M1)("LEAN XAUUSD bid/ask M1: 15,222 bars with a spread", () => {
    const s = readMarketFile(XAU_LEAN_M1!);
    expect(s.kind === "bars" && s.timeframe).toBe("M1");
    expect(s.length).toBe(15_222);
    if (s.kind === "bars") expect(s.spread[0]).toBeCloseTo(1292.033 - 1291.677, 9);
  });

  it.skipIf(!GOOG)("backtesting.py GOOG: 2,148 D1 bars", () => {
    const s = readMarketFile(GOOG!);
    expect(s.kind === "bars" && s.timeframe).toBe("D1");
    expect(s.length).toBe(2148);
  });

  it.skipIf(!NQ)("Yahoo NQ=F M1 with New York offsets: 28,726 bars as NAS100", () => {
    const s = readMarketFile(NQ!);
    expect(s.symbol).toBe("NAS100");
    expect(s.length).toBe(28_726);
    expect(iso(s.time[0])).toBe("2026-07-02T04:09:00.000Z");
  });
});
