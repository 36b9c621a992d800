import { afterAll, describe, expect, it } from "vitest";
import { readOhlcv } from "./read-ohlcv.js";
import { errorWhere, tempFiles } from "./test-support/temp-files.js";

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
/** The error of reading a file made of the valid rows with row `i` replaced. */
let fileNo = 0;
const withRow = (i: number, row: string, header = HEADER) => {
  const rows = [...ROWS];
  rows[i] = row;
  return errorWhere(() => readOhlcv(tmp.write(`bad-${++fileNo}.csv`, csv(rows, header))));
};

describe("readOhlcv: every bad row is an error with its line and field", () => {
  it("wrong field counts", () => {
    expect(withRow(1, "2024-01-02T10:01:00Z,11,11.5,10.5")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "close",
    });
    expect(withRow(2, "2024-01-02T10:02:00Z,11,11,11,11,0,7")).toEqual({
      code: "DATA_BAD_ROW",
      line: 4,
      field: undefined,
    });
  });

  it("prices of zero or below, naming the field", () => {
    expect(withRow(1, "2024-01-02T10:01:00Z,-1,2,-3,1.5,10")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "open",
    });
    expect(withRow(2, "2024-01-02T10:02:00Z,0,0,0,0,10")).toEqual({
      code: "DATA_BAD_ROW",
      line: 4,
      field: "open",
    });
    expect(withRow(0, "2024-01-02T10:00:00Z,1,2,0,1.5,10")).toEqual({
      code: "DATA_BAD_ROW",
      line: 2,
      field: "low",
    });
    expect(withRow(0, "2024-01-02T10:00:00Z,1,2,1,-1,10")).toEqual({
      code: "DATA_BAD_ROW",
      line: 2,
      field: "close",
    });
  });

  it("bad numbers", () => {
    expect(withRow(0, "2024-01-02T10:00:00Z,,12,9,11,100")).toEqual({
      code: "DATA_BAD_ROW",
      line: 2,
      field: "open",
    });
    expect(withRow(1, "2024-01-02T10:01:00Z,11,abc,10.5,11,50")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "high",
    });
    expect(withRow(2, "2024-01-02T10:02:00Z,11,11,11,Infinity,0")).toEqual({
      code: "DATA_BAD_ROW",
      line: 4,
      field: "close",
    });
    expect(withRow(2, "2024-01-02T10:02:00Z,11,11,11,11,NaN")).toEqual({
      code: "DATA_BAD_ROW",
      line: 4,
      field: "volume",
    });
  });

  it("bad times", () => {
    expect(withRow(1, "2024-01-02 25:01,11,11.5,10.5,11,50")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "time",
    });
    expect(withRow(0, ",10,12,9,11,100", "Date,Open,High,Low,Close,Volume")).toEqual({
      code: "DATA_BAD_ROW",
      line: 2,
      field: "Date",
    });
  });

  it("inconsistent prices and volume", () => {
    expect(withRow(1, "2024-01-02T10:01:00Z,11,10.9,10.5,10.8,50")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "high",
    });
    expect(withRow(1, "2024-01-02T10:01:00Z,10.8,10.9,10.5,11,50")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "high",
    });
    expect(withRow(1, "2024-01-02T10:01:00Z,11,11.5,11.1,11.2,50")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "low",
    });
    expect(withRow(1, "2024-01-02T10:01:00Z,11,10,12,11,50")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "low",
    });
    expect(withRow(2, "2024-01-02T10:02:00Z,11,11,11,11,-1")).toEqual({
      code: "DATA_BAD_ROW",
      line: 4,
      field: "volume",
    });
  });

  it("an ask below the bid in bid/ask bars", () => {
    const header = "time_utc,bid_open,bid_high,bid_low,bid_close,ask_open";
    const p = tmp.write(
      "ask.csv",
      `${header}\n2014-05-01T00:00:00Z,2,3,1,2,2.1\n2014-05-01T00:01:00Z,2,3,1,2,1.9\n`,
    );
    expect(errorWhere(() => readOhlcv(p))).toEqual({ code: "DATA_BAD_ROW", line: 3, field: "ask_open" });
  });

  it("times that repeat or go back are DATA_ORDER", () => {
    expect(withRow(1, "2024-01-02T10:00:00Z,11,11.5,10.5,11,50")).toEqual({
      code: "DATA_ORDER",
      line: 3,
      field: "time",
    });
    expect(withRow(2, "2024-01-02T09:59:00Z,11,11,11,11,0")).toEqual({
      code: "DATA_ORDER",
      line: 4,
      field: "time",
    });
  });

  it("a blank line inside the data", () => {
    const p = tmp.write("blank.csv", `${HEADER}\n${ROWS[0]}\n\n${ROWS[1]}\n`);
    expect(errorWhere(() => readOhlcv(p))).toEqual({ code: "DATA_BAD_ROW", line: 3, field: undefined });
  });

  it("a bar that starts less than a bar length after the previous one", () => {
    const rows = [
      "2024-01-02T10:00:00Z",
      "2024-01-02T10:05:00Z",
      "2024-01-02T10:07:00Z",
      "2024-01-02T10:10:00Z",
      "2024-01-02T10:15:00Z",
    ];
    const p = tmp.write("overlap.csv", csv(rows.map((t) => `${t},1,1,1,1,1`)));
    expect(errorWhere(() => readOhlcv(p))).toEqual({ code: "DATA_BAD_ROW", line: 4, field: "time" });
  });

  it("a header without the needed columns, or no rows, is DATA_FORMAT", () => {
    const noClose = tmp.write("noclose.csv", "time,open,high,low\n2024-01-01,1,1,1\n");
    expect(errorWhere(() => readOhlcv(noClose))).toEqual({ code: "DATA_FORMAT", line: 1, field: undefined });
    expect(errorWhere(() => readOhlcv(tmp.write("header-only.csv", `${HEADER}\n\n`))).code).toBe(
      "DATA_FORMAT",
    );
    expect(errorWhere(() => readOhlcv(tmp.write("empty.csv", ""))).code).toBe("DATA_FORMAT");
  });
});
