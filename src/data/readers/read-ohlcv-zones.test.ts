import { afterAll, describe, expect, it } from "vitest";
import { readOhlcv } from "./read-ohlcv.js";
import { errorWhere, iso, tempFiles } from "./test-support/temp-files.js";

const tmp = tempFiles();
afterAll(() => tmp.cleanup());

const HEADER = "time,open,high,low,close,volume";
const csv = (rows: string[], header = HEADER): string => `${[header, ...rows].join("\n")}\n`;

describe("readOhlcv: naive times in a zone", () => {
  const h1 = (rows: string[]): string => csv(rows.map((t) => `${t},1,2,0.5,1.5,1`));

  it("America/New_York across 2017-03-12: 01:00 EST then 03:00 EDT are one hour apart", () => {
    const s = readOhlcv(
      tmp.write(
        "ny-spring.csv",
        h1(["2017-03-12 00:00", "2017-03-12 01:00", "2017-03-12 03:00", "2017-03-12 04:00"]),
      ),
      {
        tz: "America/New_York",
      },
    );
    expect(Array.from(s.time, iso)).toEqual([
      "2017-03-12T05:00:00.000Z",
      "2017-03-12T06:00:00.000Z",
      "2017-03-12T07:00:00.000Z",
      "2017-03-12T08:00:00.000Z",
    ]);
    expect(s.timeframe).toBe("H1");
  });

  it("America/New_York across 2017-11-05: the repeated 01:00 hour is read twice, in order", () => {
    const rows = ["2017-11-05 00:00", "2017-11-05 01:00", "2017-11-05 01:00", "2017-11-05 02:00"];
    const s = readOhlcv(tmp.write("ny-fall.csv", h1(rows)), { tz: "America/New_York" });
    expect(Array.from(s.time, iso)).toEqual([
      "2017-11-05T04:00:00.000Z",
      "2017-11-05T05:00:00.000Z",
      "2017-11-05T06:00:00.000Z",
      "2017-11-05T07:00:00.000Z",
    ]);
  });

  it("Europe/Prague across both 2017 changes", () => {
    const spring = readOhlcv(tmp.write("cz-spring.csv", h1(["2017-03-26 01:00", "2017-03-26 03:00"])), {
      tz: "Europe/Prague",
    });
    expect(Array.from(spring.time, iso)).toEqual(["2017-03-26T00:00:00.000Z", "2017-03-26T01:00:00.000Z"]);
    const fall = readOhlcv(
      tmp.write("cz-fall.csv", h1(["2017-10-29 02:00", "2017-10-29 02:00", "2017-10-29 03:00"])),
      {
        tz: "Europe/Prague",
      },
    );
    expect(Array.from(fall.time, iso)).toEqual([
      "2017-10-29T00:00:00.000Z",
      "2017-10-29T01:00:00.000Z",
      "2017-10-29T02:00:00.000Z",
    ]);
  });

  it("a wall time that does not exist in the zone is DATA_BAD_ROW at its line", () => {
    const p = tmp.write("gap.csv", h1(["2017-03-12 00:00", "2017-03-12 01:00", "2017-03-12 02:00"]));
    expect(errorWhere(() => readOhlcv(p, { tz: "America/New_York" }))).toEqual({
      code: "DATA_BAD_ROW",
      line: 4,
      field: "time",
    });
    expect(readOhlcv(p).length).toBe(3); // fine in UTC
  });

  it("a repeated time outside a repeated hour is still DATA_ORDER", () => {
    const p = tmp.write("dup-ny.csv", h1(["2017-11-05 03:00", "2017-11-05 04:00", "2017-11-05 04:00"]));
    expect(errorWhere(() => readOhlcv(p, { tz: "America/New_York" }))).toEqual({
      code: "DATA_ORDER",
      line: 4,
      field: "time",
    });
  });
});
