import { afterAll, describe, expect, it } from "vitest";
import { readOhlcv } from "./read-ohlcv.js";
import { errorWhere, iso, tempFiles } from "./test-support/temp-files.js";

const tmp = tempFiles();
afterAll(() => tmp.cleanup());

const HEADER = "time,open,high,low,close,volume";
/** A small valid M1 file; `rows[i]` is on line i + 2. */
const ROWS = [
  "2024-01-02T10:00:00Z,10,12,9,11,100",
  "2024-01-02T10:01:00Z,11,11.5,10.5,11,50",
  "2024-01-02T10:02:00Z,11,11,11,11,0",
];
const csv = (rows: string[], header = HEADER): string => `${[header, ...rows].join("\n")}\n`;

describe("readOhlcv: reading", () => {
  it("reads a plain and a gzip file to the same columns", () => {
    for (const gzip of [false, true]) {
      const s = readOhlcv(tmp.write(`ok${gzip ? ".gz" : ".csv"}`, csv(ROWS), gzip), { symbol: "TEST" });
      expect(s.kind).toBe("bars");
      expect(s.symbol).toBe("TEST");
      expect(s.timeframe).toBe("M1");
      expect(s.length).toBe(3);
      expect(Array.from(s.time, iso)).toEqual([
        "2024-01-02T10:00:00.000Z",
        "2024-01-02T10:01:00.000Z",
        "2024-01-02T10:02:00.000Z",
      ]);
      expect(Array.from(s.open)).toEqual([10, 11, 11]);
      expect(Array.from(s.high)).toEqual([12, 11.5, 11]);
      expect(Array.from(s.low)).toEqual([9, 10.5, 11]);
      expect(Array.from(s.close)).toEqual([11, 11, 11]);
      expect(Array.from(s.volume)).toEqual([100, 50, 0]);
      expect(s.spread.every(Number.isNaN)).toBe(true);
    }
  });

  it("matches columns case-insensitively, in any order, ignores extra ones, volume optional", () => {
    const p = tmp.write(
      "mixed.csv",
      "Close,Extra,Low,High,Open,DateTime\n2,x,1,3,2,2024-01-01T00:00Z\n2,y,1,3,2,2024-01-01T01:00Z\n",
    );
    const s = readOhlcv(p);
    expect(s.timeframe).toBe("H1");
    expect(Array.from(s.volume)).toEqual([0, 0]);
    expect(Array.from(s.high)).toEqual([3, 3]);
  });

  it("reads backtesting.py's unnamed first column and backtrader's OpenInterest files", () => {
    const goog = readOhlcv(
      tmp.write(
        "goog.csv",
        ",Open,High,Low,Close,Volume\n2004-08-19,100,104.06,95.96,100.34,22351900\n2004-08-20,101.01,109.08,100.5,108.31,11428600\n",
      ),
    );
    expect(goog.timeframe).toBe("D1");
    expect(iso(goog.time[0])).toBe("2004-08-19T00:00:00.000Z");
    const bt = readOhlcv(
      tmp.write(
        "bt.txt",
        "Date,Open,High,Low,Close,Volume,OpenInterest\n2006-01-02,3578.73,3605.95,3578.73,3604.33,0,0\n2006-01-03,3604.08,3638.42,3601.84,3614.34,0,0\n",
      ),
    );
    expect(bt.length).toBe(2);
    expect(bt.close[1]).toBe(3614.34);
  });

  it("reads LEAN bid/ask bars: OHLC from the bid, spread = ask_open − bid_open", () => {
    const header =
      "time_utc,bid_open,bid_high,bid_low,bid_close,last_bid_size,ask_open,ask_high,ask_low,ask_close,last_ask_size";
    const p = tmp.write(
      "lean.csv.gz",
      `${header}\n2014-05-01T00:00:00Z,1291.677,1291.955,1291.376,1291.464,0,1292.033,1292.423,1291.698,1291.741,0\n2014-05-01T00:01:00Z,1291.421,1291.686,1291.352,1291.686,0,1291.698,1291.98,1291.668,1291.98,0\n`,
      true,
    );
    const s = readOhlcv(p);
    expect(Array.from(s.open)).toEqual([1291.677, 1291.421]);
    expect(s.spread[0]).toBeCloseTo(0.356, 9);
    expect(s.spread[1]).toBeCloseTo(0.277, 9);
    expect(Array.from(s.volume)).toEqual([0, 0]);
  });

  it("accepts trailing blank lines, CRLF and a semicolon separator", () => {
    const p = tmp.write(
      "crlf.csv",
      `time;open;high;low;close\r\n${ROWS.map((r) => r.split(",").slice(0, 5).join(";")).join("\r\n")}\r\n\r\n\r\n`,
    );
    expect(readOhlcv(p).length).toBe(3);
  });

  it("reads epoch seconds and milliseconds", () => {
    const secs = readOhlcv(
      tmp.write("s.csv", "timestamp,open,high,low,close\n1704189600,1,1,1,1\n1704189900,1,1,1,1\n"),
    );
    expect(iso(secs.time[0])).toBe("2024-01-02T10:00:00.000Z");
    expect(secs.timeframe).toBe("M5");
    const ms = readOhlcv(
      tmp.write("ms.csv", "timestamp,open,high,low,close\n1704189600000,1,1,1,1\n1704190500000,1,1,1,1\n"),
    );
    expect(iso(ms.time[1])).toBe("2024-01-02T10:15:00.000Z");
    expect(ms.timeframe).toBe("M15");
  });
});

describe("readOhlcv: timeframe", () => {
  const at = (times: string[], name: string) => tmp.write(name, csv(times.map((t) => `${t},1,1,1,1,1`)));

  it("is inferred from the most common spacing, gaps allowed", () => {
    const p = at(
      ["2024-01-02T10:00Z", "2024-01-02T14:00Z", "2024-01-02T18:00Z", "2024-01-03T10:00Z"],
      "h4.csv",
    );
    expect(readOhlcv(p).timeframe).toBe("H4");
  });

  it("daily bars with weekend gaps are D1", () => {
    const p = at(["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"], "d1.csv");
    expect(readOhlcv(p).timeframe).toBe("D1");
    expect(readOhlcv(at(["2024-01-05", "2024-01-08"], "fri-mon.csv")).timeframe).toBe("D1");
  });

  it("an unknown spacing is DATA_FORMAT; a declared timeframe is used as given", () => {
    const p = at(["2024-01-02T10:00Z", "2024-01-02T10:02Z", "2024-01-02T10:04Z"], "m2.csv");
    expect(errorWhere(() => readOhlcv(p)).code).toBe("DATA_FORMAT");
    expect(readOhlcv(p, { timeframe: "M1" }).timeframe).toBe("M1");
    expect(errorWhere(() => readOhlcv(p, { timeframe: "M5" }))).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "time",
    });
  });

  it("a single bar needs a declared timeframe", () => {
    const p = at(["2024-01-02T10:00Z"], "one.csv");
    expect(errorWhere(() => readOhlcv(p)).code).toBe("DATA_FORMAT");
    expect(readOhlcv(p, { timeframe: "H1" }).length).toBe(1);
  });
});
