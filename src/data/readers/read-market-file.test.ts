import { afterAll, describe, expect, it } from "vitest";
import { readMarketFile } from "./read-market-file.js";
import { errorWhere, iso, tempFiles } from "./test-support/temp-files.js";

const tmp = tempFiles();
afterAll(() => tmp.cleanup());

const TICKS =
  "time_utc,bid,ask\n2014-05-01T00:00:00.043Z,1291.677,1292.033\n2014-05-01T00:00:00.045Z,1291.652,1292.043\n";
const OHLCV =
  "timestamp,open,high,low,close,volume\n2025-05-30 16:39:00+00:00,1,2,0.5,1.5,3\n2025-05-30 16:40:00+00:00,1,2,0.5,1.5,3\n";
const HISTDATA =
  "20170102 180100;1150.67;1150.67;1150.67;1150.67;0\n20170102 180200;1152.13;1152.13;1151.52;1151.52;0\n";

describe("readMarketFile", () => {
  it("detects ticks, OHLCV and HistData files, plain or gzip", () => {
    const ticks = readMarketFile(tmp.write("lean_oanda_XAUUSD_tick.csv.gz", TICKS, true));
    expect(ticks.kind).toBe("ticks");
    expect(ticks.symbol).toBe("XAUUSD");
    expect(ticks.length).toBe(2);
    const bars = readMarketFile(tmp.write("bybit_BTCUSDT_1m.csv", OHLCV));
    expect(bars.kind === "bars" && bars.timeframe).toBe("M1");
    expect(bars.symbol).toBe("BTC-USD");
    const hd = readMarketFile(tmp.write("histdata_XAUUSD.csv.gz", HISTDATA, true));
    expect(hd.kind).toBe("bars");
    expect(iso(hd.time[0])).toBe("2017-01-02T23:01:00.000Z");
  });

  it("passes tz, symbol and an explicit format through", () => {
    const hd = readMarketFile(tmp.write("h.csv", HISTDATA), {
      format: "histdata",
      tz: "Europe/Prague",
      symbol: "GOLD",
    });
    expect(iso(hd.time[0])).toBe("2017-01-02T17:01:00.000Z");
    expect(hd.symbol).toBe("GOLD");
    const naive = readMarketFile(tmp.write("n.csv", "time,bid,ask\n2024-07-01 12:00:00,1,2\n"), {
      tz: "America/New_York",
    });
    expect(iso(naive.time[0])).toBe("2024-07-01T16:00:00.000Z");
    expect(naive.symbol).toBe("UNKNOWN");
  });

  it("an explicit format that does not fit the file fails with a row or format error", () => {
    expect(errorWhere(() => readMarketFile(tmp.write("x.csv", TICKS), { format: "ohlcv" })).code).toBe(
      "DATA_FORMAT",
    );
    expect(errorWhere(() => readMarketFile(tmp.write("y.csv", OHLCV), { format: "histdata" }))).toEqual({
      code: "DATA_BAD_ROW",
      line: 1,
      field: "open",
    });
  });

  it("an unknown format is DATA_FORMAT at the first non-empty line; a missing file DATA_NOT_FOUND", () => {
    expect(errorWhere(() => readMarketFile(tmp.write("z.csv", "\nprice,size\n1,2\n")))).toEqual({
      code: "DATA_FORMAT",
      line: 2,
      field: undefined,
    });
    expect(errorWhere(() => readMarketFile(tmp.write("empty.csv", ""))).code).toBe("DATA_FORMAT");
    expect(errorWhere(() => readMarketFile(`${tmp.dir}/nope.csv.gz`)).code).toBe("DATA_NOT_FOUND");
  });
});
