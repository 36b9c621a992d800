import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { HOUR_MS, WallClockConverter } from "../../core/time.js";
import { NaiveZone } from "./naive-zone.js";

/** NaiveZone as it was before its steady-hour path: luxon's resolution and both probes, every hour. */
class Reference {
  repeatShiftMs = 0;
  private readonly converter: WallClockConverter;
  constructor(readonly zone: string) {
    this.converter = new WallClockConverter(zone);
  }
  toUtcMs(naiveMs: number, y: number, mo: number, d: number, h: number): number {
    const hourNaive = Math.floor(naiveMs / HOUR_MS) * HOUR_MS;
    const t = this.converter.toUtcMs(y, mo, d, h, 0, 0, 0);
    this.repeatShiftMs = 0;
    if (Number.isNaN(t)) return Number.NaN;
    let max = hourNaive - t;
    let min = max;
    for (const probe of [t - 3 * HOUR_MS, t + 3 * HOUR_MS]) {
      const o = this.offsetAt(probe);
      if (o !== max && o !== min && this.offsetAt(hourNaive - o) === o) {
        if (o > max) max = o;
        if (o < min) min = o;
      }
    }
    this.repeatShiftMs = max - min;
    return naiveMs - max;
  }
  private offsetAt(t: number): number {
    return DateTime.fromMillis(t, { zone: this.zone }).offset * 60_000;
  }
}

const ZONES = [
  "America/New_York",
  "Europe/Prague",
  "Australia/Lord_Howe", // 30-minute DST
  "America/Sao_Paulo", // 2018: clocks jumped at midnight
  "Pacific/Apia", // 2011: skipped 30 December
  "Asia/Kolkata",
];

describe("NaiveZone", () => {
  it("converts wall times as luxon's resolution with both probes does, hour after hour across DST changes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        // a week starting in the months the changes fall in (north and south), or Samoa's skipped day
        fc.oneof(
          fc
            .tuple(
              fc.integer({ min: 2010, max: 2019 }),
              fc.constantFrom(1, 2, 3, 8, 9, 10),
              fc.integer({ min: 1, max: 28 }),
              fc.integer({ min: 0, max: 23 }),
            )
            .map(([y, m, d, h]) => Date.UTC(y, m, d, h)),
          fc.constant(Date.UTC(2011, 11, 27)),
        ),
        fc.integer({ min: 15, max: 240 }),
        (zone, from, minutes) => {
          const ours = new NaiveZone(zone);
          const ref = new Reference(zone);
          // a week of wall time from `from`, one row every `minutes`, as a bar file has them
          for (let naive = from; naive < from + 7 * 24 * HOUR_MS; naive += minutes * 60_000) {
            const w = new Date(naive);
            const args = [
              naive,
              w.getUTCFullYear(),
              w.getUTCMonth() + 1,
              w.getUTCDate(),
              w.getUTCHours(),
            ] as const;
            expect(ours.toUtcMs(...args)).toBe(ref.toUtcMs(...args));
            expect(ours.repeatShiftMs).toBe(ref.repeatShiftMs);
          }
        },
      ),
      { numRuns: 30, seed: 18 },
    );
  });

  it("crosses each of New York's 2017 changes as before: a gap in March, a repeated hour in November", () => {
    for (const start of [Date.UTC(2017, 2, 11), Date.UTC(2017, 10, 4)]) {
      const ours = new NaiveZone("America/New_York");
      const ref = new Reference("America/New_York");
      let gaps = 0;
      let repeats = 0;
      for (let naive = start; naive < start + 2 * 24 * HOUR_MS; naive += 5 * 60_000) {
        const w = new Date(naive);
        const args = [
          naive,
          w.getUTCFullYear(),
          w.getUTCMonth() + 1,
          w.getUTCDate(),
          w.getUTCHours(),
        ] as const;
        const got = ours.toUtcMs(...args);
        expect(got).toBe(ref.toUtcMs(...args));
        expect(ours.repeatShiftMs).toBe(ref.repeatShiftMs);
        if (Number.isNaN(got)) gaps++;
        if (ours.repeatShiftMs > 0) repeats++;
      }
      expect(gaps + repeats).toBe(12); // one hour of 5-minute rows: missing in spring, twice in autumn
    }
  });
});
