import { afterAll, describe, expect, it } from "vitest";
import { readHistData } from "./read-histdata.js";
import { errorWhere, iso, tempFiles } from "./test-support/temp-files.js";

const tmp = tempFiles();
afterAll(() => tmp.cleanup());

const bar = (t: string, o = "1150.67", h = "1150.90", l = "1150.50", c = "1150.80", v = "0"): string =>
  `${t};${o};${h};${l};${c};${v}`;
const file = (rows: string[], gzip = false): string =>
  tmp.write(`hd-${rows.length}-${gzip}-${++n}.csv`, `${rows.join("\n")}\n`, gzip);
let n = 0;

describe("readHistData", () => {
  it("reads New York wall clock by default, plain or gzip", () => {
    for (const gzip of [false, true]) {
      const s = readHistData(file([bar("20170102 180100"), bar("20170102 180200")], gzip));
      expect(s.kind).toBe("bars");
      expect(s.timeframe).toBe("M1");
      expect(Array.from(s.time, iso)).toEqual(["2017-01-02T23:01:00.000Z", "2017-01-02T23:02:00.000Z"]);
      expect(s.close[0]).toBe(1150.8);
      expect(s.volume[0]).toBe(0);
    }
  });

  it("takes the zone from the option", () => {
    const s = readHistData(file([bar("20170102 180100"), bar("20170102 180200")]), {
      tz: "UTC",
      symbol: "XAUUSD",
    });
    expect(iso(s.time[0])).toBe("2017-01-02T18:01:00.000Z");
    expect(s.symbol).toBe("XAUUSD");
  });

  it("crosses 2017-03-12 (01:59 EST → 03:00 EDT is one minute) and 2017-11-05", () => {
    const spring = readHistData(
      file([bar("20170312 015800"), bar("20170312 015900"), bar("20170312 030000")]),
    );
    expect(Array.from(spring.time, iso)).toEqual([
      "2017-03-12T06:58:00.000Z",
      "2017-03-12T06:59:00.000Z",
      "2017-03-12T07:00:00.000Z",
    ]);
    const fall = readHistData(
      file([
        bar("20171105 005900"),
        bar("20171105 010000"),
        bar("20171105 015900"),
        bar("20171105 010000"),
        bar("20171105 020000"),
      ]),
    );
    expect(Array.from(fall.time, iso)).toEqual([
      "2017-11-05T04:59:00.000Z",
      "2017-11-05T05:00:00.000Z",
      "2017-11-05T05:59:00.000Z",
      "2017-11-05T06:00:00.000Z",
      "2017-11-05T07:00:00.000Z",
    ]);
  });

  it("a wall time inside the spring-forward gap is DATA_BAD_ROW at its line", () => {
    const p = file([bar("20170312 015800"), bar("20170312 015900"), bar("20170312 020000")]);
    expect(errorWhere(() => readHistData(p))).toEqual({ code: "DATA_BAD_ROW", line: 3, field: "time" });
  });

  it("validates every row with its line and field", () => {
    const ok = [bar("20170102 180100"), bar("20170102 180200"), bar("20170102 180300")];
    const bad = (i: number, row: string) => {
      const rows = [...ok];
      rows[i] = row;
      return errorWhere(() => readHistData(file(rows)));
    };
    expect(bad(1, "20170102 180200;1150.67;1150.90;1150.50")).toEqual({
      code: "DATA_BAD_ROW",
      line: 2,
      field: "close",
    });
    expect(bad(2, "20170102 1803;1150.67;1150.90;1150.50;1150.80;0")).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "time",
    });
    expect(bad(0, bar("20170102 180100", "1150.67", "x"))).toEqual({
      code: "DATA_BAD_ROW",
      line: 1,
      field: "high",
    });
    expect(bad(1, bar("20170102 180200", "1151"))).toEqual({ code: "DATA_BAD_ROW", line: 2, field: "high" });
    expect(bad(1, bar("20170102 180200", "1150.67", "1150.90", "1150.70"))).toEqual({
      code: "DATA_BAD_ROW",
      line: 2,
      field: "low",
    });
    expect(bad(2, bar("20170102 180300", undefined, undefined, undefined, undefined, "-5"))).toEqual({
      code: "DATA_BAD_ROW",
      line: 3,
      field: "volume",
    });
    expect(bad(2, bar("20170102 180200"))).toEqual({ code: "DATA_ORDER", line: 3, field: "time" });
  });
});
