import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../core/time.js";
import { TIMEFRAME_MS, TIMEFRAMES } from "../../model/market-data.js";
import { checkBarSpacing, describeSpacing, inferTimeframe } from "./infer-timeframe.js";
import { errorWhere } from "./test-support/temp-files.js";

const T0 = Date.UTC(2024, 0, 1);
const series = (...offsets: number[]): Float64Array => Float64Array.from(offsets, (o) => T0 + o);

describe("inferTimeframe", () => {
  it("recognises every timeframe from regular spacing", () => {
    for (const tf of TIMEFRAMES) {
      const step = TIMEFRAME_MS[tf];
      expect(inferTimeframe(series(0, step, 2 * step, 3 * step), "f")).toBe(tf);
    }
  });

  it("takes the most common spacing, so gaps do not matter", () => {
    expect(inferTimeframe(series(0, MINUTE_MS, 2 * MINUTE_MS, 90 * MINUTE_MS, 91 * MINUTE_MS), "f")).toBe(
      "M1",
    );
  });

  it("ties go to the shorter spacing", () => {
    expect(inferTimeframe(series(0, 5 * MINUTE_MS, 20 * MINUTE_MS), "f")).toBe("M5");
  });

  it("daily bars: weekend gaps, DST-shifted local midnights, and a lone Friday→Monday gap are D1", () => {
    const weekdays = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 14].map((d) => d * DAY_MS);
    expect(inferTimeframe(series(...weekdays), "f")).toBe("D1");
    expect(inferTimeframe(series(0, DAY_MS - HOUR_MS, 2 * DAY_MS - HOUR_MS, 3 * DAY_MS), "f")).toBe("D1");
    expect(inferTimeframe(series(0, 3 * DAY_MS), "f")).toBe("D1");
  });

  it("an unknown spacing or a single bar is DATA_FORMAT", () => {
    expect(errorWhere(() => inferTimeframe(series(0, 2 * MINUTE_MS, 4 * MINUTE_MS), "f")).code).toBe(
      "DATA_FORMAT",
    );
    expect(
      errorWhere(() => inferTimeframe(series(0, 7 * DAY_MS, 8 * DAY_MS, 14 * DAY_MS, 21 * DAY_MS), "f")).code,
    ).toBe("DATA_FORMAT");
    expect(errorWhere(() => inferTimeframe(series(0), "f")).code).toBe("DATA_FORMAT");
  });
});

describe("checkBarSpacing", () => {
  it("reports the first overlapping bar at firstLine + index", () => {
    const t = series(0, 5 * MINUTE_MS, 8 * MINUTE_MS);
    expect(errorWhere(() => checkBarSpacing(t, "M5", "f", 10, "time"))).toEqual({
      code: "DATA_BAD_ROW",
      line: 12,
      field: "time",
    });
  });

  it("lets H4 and D1 bars be an hour short across a DST change", () => {
    expect(() => checkBarSpacing(series(0, 3 * HOUR_MS, 7 * HOUR_MS), "H4", "f", 2, "time")).not.toThrow();
    expect(() => checkBarSpacing(series(0, 23 * HOUR_MS), "D1", "f", 2, "time")).not.toThrow();
  });
});

describe("describeSpacing", () => {
  it("writes spacings briefly", () => {
    expect(describeSpacing(90_000)).toBe("90s");
    expect(describeSpacing(2 * MINUTE_MS)).toBe("2m");
    expect(describeSpacing(90 * MINUTE_MS)).toBe("1h30m");
    expect(describeSpacing(7 * DAY_MS)).toBe("7d");
  });
});
