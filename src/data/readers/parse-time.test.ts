import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOUR_MS } from "../../core/time.js";
import { daysFromCivil, parseTime, TimeParser } from "./parse-time.js";
import { iso } from "./test-support/temp-files.js";

const utc = (s: string): number => Date.parse(s);

describe("parseTime: ISO", () => {
  it("reads UTC (Z) times with and without seconds and fractions", () => {
    expect(parseTime("2014-05-01T00:00:00.043Z")).toBe(utc("2014-05-01T00:00:00.043Z"));
    expect(parseTime("2017-09-03T00:01:00Z")).toBe(utc("2017-09-03T00:01:00Z"));
    expect(parseTime("2017-09-03T00:01Z")).toBe(utc("2017-09-03T00:01:00Z"));
    expect(parseTime("2017-09-03t00:01:02.5z")).toBe(utc("2017-09-03T00:01:02.500Z"));
    expect(parseTime("2017-09-03T00:01:02.123456Z")).toBeCloseTo(utc("2017-09-03T00:01:02.123Z") + 0.456, 6);
  });

  it("applies ±HH:MM, ±HHMM and ±HH offsets, with T or space", () => {
    expect(parseTime("2025-05-30 16:39:00+00:00")).toBe(utc("2025-05-30T16:39:00Z"));
    expect(parseTime("2026-07-02T00:09:00-04:00")).toBe(utc("2026-07-02T04:09:00Z"));
    expect(parseTime("2026-07-02 00:09:00+0530")).toBe(utc("2026-07-01T18:39:00Z"));
    expect(parseTime("2026-07-02T00:09+02")).toBe(utc("2026-07-01T22:09:00Z"));
  });

  it("reads naive times and dates as UTC by default", () => {
    expect(parseTime("2006-01-02")).toBe(utc("2006-01-02T00:00:00Z"));
    expect(parseTime("2006-01-02 13:45:10")).toBe(utc("2006-01-02T13:45:10Z"));
  });

  it("agrees with Date.parse on random instants with offsets", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (ms, offMin) => {
          const local = new Date(ms + offMin * 60_000).toISOString().slice(0, 23);
          const sign = offMin < 0 ? "-" : "+";
          const a = Math.abs(offMin);
          const off = `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
          expect(parseTime(local + off)).toBe(ms);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("returns NaN for invalid dates, times and trailing text", () => {
    for (const s of [
      "2017-02-29",
      "2017-13-01",
      "2017-00-10",
      "2017-04-31T00:00Z",
      "2017-01-01T24:00Z",
      "2017-01-01T10:60Z",
      "2017-01-01T10:00:60Z",
      "2017-01-01T10",
      "2017-01-01T10:00:00.Z",
      "2017-01-01T10:00:00Zx",
      "2017-01-01T10:00+25:00",
      "2017-01-01X10:00",
      "2017-1-01",
      "abc",
      "",
    ]) {
      expect(parseTime(s), s).toBeNaN();
    }
    expect(parseTime("2016-02-29")).toBe(utc("2016-02-29T00:00:00Z"));
  });
});

describe("parseTime: epoch and HistData", () => {
  it("takes numbers below 1e11 as seconds, others as milliseconds", () => {
    expect(parseTime("1609459200")).toBe(1_609_459_200_000);
    expect(parseTime("1609459200.25")).toBe(1_609_459_200_250);
    expect(parseTime("1609459200123")).toBe(1_609_459_200_123);
    expect(parseTime("1609459200123.5")).toBe(1_609_459_200_123.5);
  });

  it("reads HistData YYYYMMDD HHMMSS as wall clock in the zone", () => {
    expect(parseTime("20170102 180100", "America/New_York")).toBe(utc("2017-01-02T23:01:00Z"));
    expect(parseTime("20170702 180100", "America/New_York")).toBe(utc("2017-07-02T22:01:00Z"));
    expect(parseTime("20170102 180100")).toBe(utc("2017-01-02T18:01:00Z"));
    expect(parseTime("20170132 180100")).toBeNaN();
    expect(parseTime("20170102 186100")).toBeNaN();
  });
});

describe("TimeParser: naive times across DST", () => {
  it("America/New_York spring forward 2017-03-12: 02:xx does not exist", () => {
    const p = new TimeParser("America/New_York");
    const at = (s: string): string => iso(p.parse(s, 0, s.length));
    expect(at("2017-03-12 01:59")).toBe("2017-03-12T06:59:00.000Z");
    expect(at("2017-03-12 03:00")).toBe("2017-03-12T07:00:00.000Z");
    expect(p.parse("2017-03-12 02:30", 0, 16)).toBeNaN();
    expect(p.failure).toBe("nonexistent");
    expect(p.parse("2017-03-12 2:30", 0, 15)).toBeNaN();
    expect(p.failure).toBe("syntax");
  });

  it("America/New_York fall back 2017-11-05: 01:xx is read as its first (EDT) instant, with the shift to the second", () => {
    const p = new TimeParser("America/New_York");
    const at = (s: string): number => p.parse(s, 0, s.length);
    expect(iso(at("2017-11-05 00:30"))).toBe("2017-11-05T04:30:00.000Z");
    expect(p.repeatShiftMs).toBe(0);
    expect(iso(at("2017-11-05 01:30"))).toBe("2017-11-05T05:30:00.000Z");
    expect(p.repeatShiftMs).toBe(HOUR_MS);
    expect(iso(at("2017-11-05 02:00"))).toBe("2017-11-05T07:00:00.000Z");
    expect(p.repeatShiftMs).toBe(0);
  });

  it("Europe/Prague: 2017-03-26 02:30 does not exist, 2017-10-29 02:30 exists twice", () => {
    const p = new TimeParser("Europe/Prague");
    const at = (s: string): number => p.parse(s, 0, s.length);
    expect(iso(at("2017-03-26T01:59:00"))).toBe("2017-03-26T00:59:00.000Z");
    expect(at("2017-03-26T02:30:00")).toBeNaN();
    expect(iso(at("2017-03-26T03:00:00"))).toBe("2017-03-26T01:00:00.000Z");
    expect(iso(at("2017-10-29T02:30:00"))).toBe("2017-10-29T00:30:00.000Z");
    expect(p.repeatShiftMs).toBe(HOUR_MS);
    expect(iso(at("2017-10-29T03:00:00"))).toBe("2017-10-29T02:00:00.000Z");
  });

  it("times with an offset ignore the declared zone", () => {
    expect(parseTime("2017-03-12T02:30:00Z", "America/New_York")).toBe(utc("2017-03-12T02:30:00Z"));
    expect(parseTime("1609459200", "Europe/Prague")).toBe(1_609_459_200_000);
  });
});

describe("daysFromCivil", () => {
  it("matches Date.UTC", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (day) => {
        const d = new Date(day * 86_400_000);
        expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(day);
      }),
    );
  });
});
