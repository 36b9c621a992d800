import { afterAll, describe, expect, it } from "vitest";
import { readTicks } from "./read-ticks.js";
import { errorWhere, iso, tempFiles } from "./test-support/temp-files.js";

const tmp = tempFiles();
afterAll(() => tmp.cleanup());

let n = 0;
const file = (lines: string[], gzip = false): string =>
  tmp.write(`ticks-${++n}.csv${gzip ? ".gz" : ""}`, `${lines.join("\n")}\n`, gzip);
const OK = [
  "time_utc,bid,ask",
  "2014-05-01T00:00:00.043Z,1291.677,1292.033",
  "2014-05-01T00:00:00.045Z,1291.652,1292.043",
  "2014-05-01T00:00:00.045Z,1291.66,1292.04",
];

describe("readTicks", () => {
  it("reads plain and gzip files; equal times are fine", () => {
    for (const gzip of [false, true]) {
      const s = readTicks(file(OK, gzip), { symbol: "XAUUSD" });
      expect(s.kind).toBe("ticks");
      expect(s.length).toBe(3);
      expect(Array.from(s.time, iso)).toEqual([
        "2014-05-01T00:00:00.043Z",
        "2014-05-01T00:00:00.045Z",
        "2014-05-01T00:00:00.045Z",
      ]);
      expect(Array.from(s.bid)).toEqual([1291.677, 1291.652, 1291.66]);
      expect(Array.from(s.ask)).toEqual([1292.033, 1292.043, 1292.04]);
    }
  });

  it("takes the columns by name in any order, epoch ms times", () => {
    const s = readTicks(
      file(["Ask,Timestamp,Bid", "1.1002,1704189600000,1.1", "1.1003,1704189600250,1.1001"]),
    );
    expect(Array.from(s.bid)).toEqual([1.1, 1.1001]);
    expect(iso(s.time[1])).toBe("2024-01-02T10:00:00.250Z");
  });

  it("reads naive times in a zone, through the repeated fall-back hour", () => {
    const s = readTicks(
      file(["time,bid,ask", "2017-11-05 01:59:59,1,2", "2017-11-05 01:00:00,1,2", "2017-11-05 02:00:00,1,2"]),
      {
        tz: "America/New_York",
      },
    );
    expect(Array.from(s.time, iso)).toEqual([
      "2017-11-05T05:59:59.000Z",
      "2017-11-05T06:00:00.000Z",
      "2017-11-05T07:00:00.000Z",
    ]);
    const gap = file(["time,bid,ask", "2017-03-12 01:59:59,1,2", "2017-03-12 02:00:00,1,2"]);
    expect(errorWhere(() => readTicks(gap, { tz: "America/New_York" }))).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "time",
    });
  });

  it("validates every row with its line and field", () => {
    const bad = (i: number, row: string) => {
      const lines = [...OK];
      lines[i] = row;
      return errorWhere(() => readTicks(file(lines)));
    };
    expect(bad(2, "2014-05-01T00:00:00.045Z,1291.652")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "ask",
    });
    expect(bad(2, "2014-05-01T00:00:00.045Z,1291.652,1292.043,1")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: undefined,
    });
    expect(bad(1, "2014-05-01 00:00:00.043Zulu,1291.677,1292.033")).toEqual({
      code: "DATA_BAD_ROW",
      line: 2,
      field: "time_utc",
    });
    expect(bad(3, "2014-05-01T00:00:00.045Z,,1292.04")).toEqual({
      code: "DATA_BAD_ROW",
      line: 4,
      field: "bid",
    });
    expect(bad(3, "2014-05-01T00:00:00.045Z,1291.66,1e999")).toEqual({
      code: "DATA_BAD_ROW",
      line: 4,
      field: "ask",
    });
    expect(bad(1, "2014-05-01T00:00:00.043Z,0,1292.033")).toEqual({
      code: "DATA_BAD_ROW",
      line: 2,
      field: "bid",
    });
    expect(bad(1, "2014-05-01T00:00:00.043Z,-1,1292.033")).toEqual({
      code: "DATA_BAD_ROW",
      line: 2,
      field: "bid",
    });
    expect(bad(2, "2014-05-01T00:00:00.045Z,1291.652,1291.651")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "ask",
    });
    expect(bad(3, "2014-05-01T00:00:00.044Z,1291.66,1292.04")).toEqual({
      code: "DATA_ORDER",
      line: 4,
      field: "time_utc",
    });
  });

  it("a blank line inside the data is an error, trailing ones are not", () => {
    expect(readTicks(tmp.write("trail.csv", `${OK.join("\n")}\n\n\n`)).length).toBe(3);
    const p = tmp.write("inner.csv", `${OK.slice(0, 2).join("\n")}\n\n${OK[2]}\n`);
    expect(errorWhere(() => readTicks(p))).toEqual({ code: "DATA_BAD_ROW", line: 3, field: undefined });
  });

  it("a header without time, bid and ask, or no rows, is DATA_FORMAT", () => {
    expect(errorWhere(() => readTicks(file(["time,bid,last", "2014-05-01T00:00:00Z,1,2"])))).toEqual({
      code: "DATA_FORMAT",
      line: 1,
      field: undefined,
    });
    expect(errorWhere(() => readTicks(file(["time,bid,ask"]))).code).toBe("DATA_FORMAT");
  });
});
