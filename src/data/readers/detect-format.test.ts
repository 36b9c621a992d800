import { afterAll, describe, expect, it } from "vitest";
import { detectFormat, detectFormatOfLine } from "./detect-format.js";
import { guessSymbol } from "./guess-symbol.js";
import { errorWhere, tempFiles } from "./test-support/temp-files.js";

const tmp = tempFiles();
afterAll(() => tmp.cleanup());

describe("detectFormatOfLine", () => {
  it("recognises the supported formats from their first line", () => {
    expect(detectFormatOfLine("20170102 180100;1150.670000;1150.670000;1150.670000;1150.670000;0")).toBe(
      "histdata",
    );
    expect(detectFormatOfLine("time_utc,bid,ask")).toBe("ticks");
    expect(detectFormatOfLine("Bid,Timestamp,Ask")).toBe("ticks");
    expect(detectFormatOfLine("timestamp,open,high,low,close,volume")).toBe("ohlcv");
    expect(detectFormatOfLine(",Open,High,Low,Close,Volume")).toBe("ohlcv");
    expect(detectFormatOfLine("Date,Open,High,Low,Close,Volume,OpenInterest")).toBe("ohlcv");
    expect(
      detectFormatOfLine(
        "time_utc,bid_open,bid_high,bid_low,bid_close,last_bid_size,ask_open,ask_high,ask_low,ask_close",
      ),
    ).toBe("ohlcv");
  });

  it("returns undefined for anything else", () => {
    expect(detectFormatOfLine("time,bid,ask,volume")).toBeUndefined();
    expect(detectFormatOfLine("time,price")).toBeUndefined();
    expect(detectFormatOfLine("2017-01-02 18:01,1,2,0.5,1")).toBeUndefined();
    expect(detectFormatOfLine("20170102 180100,1,2,0.5,1,0")).toBeUndefined();
  });
});

describe("detectFormat", () => {
  it("reads the first non-empty line of a plain or gzip file", () => {
    expect(detectFormat(tmp.write("t.gz", "\n\ntime,bid,ask\n", true))).toBe("ticks");
  });

  it("an unknown or empty file is DATA_FORMAT (with the line when there is one)", () => {
    expect(errorWhere(() => detectFormat(tmp.write("u.csv", "\nfoo,bar\n")))).toEqual({
      code: "DATA_FORMAT",
      line: 2,
      field: undefined,
    });
    expect(errorWhere(() => detectFormat(tmp.write("e.csv", "\n \n"))).code).toBe("DATA_FORMAT");
  });
});

describe("guessSymbol", () => {
  it("maps file names to HYDRA symbols", () => {
    const cases: Array<[string, string]> = [
      ["forex/histdata_XAUUSD_M1_2017H1.csv.gz", "XAUUSD"],
      ["lean_oanda_EURUSD_tick_bidask_20140501-20140515.csv.gz", "EURUSD"],
      ["mt5_US30_1m_servertime_20260219-20260313.csv.gz", "US30"],
      ["yahoo_NQF_1m_20260702-20260731.csv.gz", "NAS100"],
      ["NAS100_M1.csv", "NAS100"],
      ["nq-2024.csv", "NAS100"],
      ["bybit_linear_BTCUSDT_1m.csv.gz", "BTC-USD"],
      ["lean_coinbase_BTCUSD_1m_trade.csv.gz", "BTC-USD"],
      ["BTC-USD.csv", "BTC-USD"],
      ["bybit_linear_ETHUSDT_5m.csv.gz", "ETH-USD"],
      ["sol_1m.csv", "SOL-USD"],
      ["gbpjpy.csv", "GBPJPY"],
      ["backtrader_2006-day-001.txt", "UNKNOWN"],
    ];
    for (const [file, symbol] of cases) expect(guessSymbol(file), file).toBe(symbol);
  });
});
