import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { DayBoundary, toIsoUtc, WallClockConverter } from "./time.js";

const utc = (s: string): number => Date.parse(s);

describe("DayBoundary (default midnight Europe/Prague)", () => {
  const day = new DayBoundary();

  it("starts the day at Prague midnight in winter (UTC+1) and summer (UTC+2)", () => {
    expect(day.dayStartMs(utc("2024-01-15T12:00:00Z"))).toBe(utc("2024-01-14T23:00:00Z"));
    expect(day.dayKey(utc("2024-01-15T12:00:00Z"))).toBe("2024-01-15");
    expect(day.dayStartMs(utc("2024-07-15T12:00:00Z"))).toBe(utc("2024-07-14T22:00:00Z"));
    expect(day.dayKey(utc("2024-07-14T22:30:00Z"))).toBe("2024-07-15");
    expect(day.dayKey(utc("2024-07-14T21:59:59Z"))).toBe("2024-07-14");
  });

  it("has a 23-hour day at the spring change and a 25-hour day at the autumn change", () => {
    // 2024-03-31: clocks go 02:00 → 03:00 in Prague. 2024-10-27: 03:00 → 02:00.
    const spring = utc("2024-03-31T10:00:00Z");
    expect(day.dayStartMs(spring)).toBe(utc("2024-03-30T23:00:00Z"));
    expect(day.nextStartMs(spring)).toBe(utc("2024-03-31T22:00:00Z"));
    expect(day.nextStartMs(spring) - day.dayStartMs(spring)).toBe(23 * 3_600_000);
    const autumn = utc("2024-10-27T10:00:00Z");
    expect(day.dayStartMs(autumn)).toBe(utc("2024-10-26T22:00:00Z"));
    expect(day.nextStartMs(autumn)).toBe(utc("2024-10-27T23:00:00Z"));
    expect(day.nextStartMs(autumn) - day.dayStartMs(autumn)).toBe(25 * 3_600_000);
  });

  it("supports a start hour (17:00 New York, the FX day)", () => {
    const ny = new DayBoundary("America/New_York", 17);
    expect(ny.dayStartMs(utc("2024-01-15T23:00:00Z"))).toBe(utc("2024-01-15T22:00:00Z"));
    expect(ny.dayStartMs(utc("2024-01-15T21:00:00Z"))).toBe(utc("2024-01-14T22:00:00Z"));
    expect(ny.dayStartMs(utc("2024-07-15T21:30:00Z"))).toBe(utc("2024-07-15T21:00:00Z"));
  });

  it("answers a day it remembers as luxon computes it afresh, in any order, across DST changes", () => {
    const zones: Array<[string, number]> = [
      ["Europe/Prague", 0],
      ["America/New_York", 17],
      ["America/Sao_Paulo", 0], // 2018: clocks jumped at midnight, the day started at 01:00
      ["Australia/Lord_Howe", 2], // 30-minute DST
      ["Asia/Kolkata", 0],
      ["UTC", 22],
    ];
    // the definitions as they were before the boundary remembered its last day
    const reference = (zone: string, hour: number, t: number): [number, number, string] => {
      let local = DateTime.fromMillis(t, { zone });
      if (local.hour < hour) local = local.minus({ days: 1 });
      const start = local.startOf("day").set({ hour }).toMillis();
      const from = DateTime.fromMillis(start, { zone });
      const next = from.plus({ days: 1 }).startOf("day").set({ hour }).toMillis();
      return [start, next, from.toISODate() as string];
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(fc.integer({ min: Date.UTC(2017, 0, 1), max: Date.UTC(2019, 0, 1) }), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.boolean(),
        ([zone, hour], times, sorted) => {
          const kept = new DayBoundary(zone, hour);
          for (const t of sorted ? [...times].sort((a, b) => a - b) : times) {
            // neighbours inside the same day, and one an hour on (the next day near a boundary)
            for (const u of [t, t - 1, t + 3_600_000]) {
              const [start, next] = [kept.dayStartMs(u), kept.nextStartMs(u)];
              expect([start, next, kept.dayKey(u)]).toEqual(reference(zone, hour, u));
              expect(start <= u && u < next).toBe(true);
            }
          }
        },
      ),
      { numRuns: 30, seed: 18 },
    );
  });

  it("shares a day between boundaries only for a UTC hour wholly inside it (Kolkata's midnight is 18:30 UTC)", () => {
    const before = utc("2024-01-15T18:10:00Z");
    const after = utc("2024-01-15T18:40:00Z");
    for (const order of [
      [before, after],
      [after, before],
    ]) {
      for (const t of order) {
        const day = new DayBoundary("Asia/Kolkata");
        expect(day.dayKey(t)).toBe(t === before ? "2024-01-15" : "2024-01-16");
        expect(day.dayStartMs(t)).toBe(
          t === before ? utc("2024-01-14T18:30:00Z") : utc("2024-01-15T18:30:00Z"),
        );
      }
    }
    // a second boundary of the same zone answers from what the first one computed, the same
    const first = new DayBoundary("Europe/Prague");
    const second = new DayBoundary("Europe/Prague");
    const t = utc("2024-03-31T10:00:00Z");
    expect([second.dayStartMs(t), second.nextStartMs(t)]).toEqual([
      first.dayStartMs(t),
      first.nextStartMs(t),
    ]);
    expect(second.nextStartMs(t) - second.dayStartMs(t)).toBe(23 * 3_600_000);
  });

  it("rejects unknown zones and bad hours with typed errors", () => {
    expect(() => new DayBoundary("Mars/Base")).toThrow(/unknown time zone/);
    expect(() => new DayBoundary("UTC", 24)).toThrow(/0..23/);
  });
});

describe("WallClockConverter", () => {
  it("converts New York wall time across both DST changes", () => {
    const ny = new WallClockConverter("America/New_York");
    expect(ny.toUtcMs(2017, 3, 10, 12, 0, 0, 0)).toBe(utc("2017-03-10T17:00:00Z"));
    expect(ny.toUtcMs(2017, 3, 13, 12, 0, 0, 0)).toBe(utc("2017-03-13T16:00:00Z"));
    expect(ny.toUtcMs(2017, 11, 6, 12, 0, 0, 0)).toBe(utc("2017-11-06T17:00:00Z"));
    expect(Number.isNaN(ny.toUtcMs(2017, 3, 12, 2, 30, 0, 0))).toBe(true);
  });
});

describe("toIsoUtc", () => {
  it("prints what Date's toISOString prints, for any time (it throws alike on an invalid one)", () => {
    const iso = (ms: number): string => {
      try {
        return new Date(ms).toISOString();
      } catch (e) {
        return `throws ${(e as Error).name}`;
      }
    };
    const ours = (ms: number): string => {
      try {
        return toIsoUtc(ms);
      } catch (e) {
        return `throws ${(e as Error).name}`;
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1e13, max: 2.6e14 }),
          fc.double({ noNaN: false }),
          fc.constantFrom(0, -1, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, 8.64e15 + 1),
        ),
        (ms) => {
          expect(ours(ms)).toBe(iso(ms));
        },
      ),
      { numRuns: 5000, seed: 18 },
    );
    expect(toIsoUtc(Date.UTC(2017, 0, 2, 7, 0, 0, 5))).toBe("2017-01-02T07:00:00.005Z");
  });
});
