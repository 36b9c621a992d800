import { IANAZone } from "luxon";
import { LiveClock } from "../../core/clock.js";
import { HOUR_MS, WallClockConverter } from "../../core/time.js";

/**
 * Naive wall-clock times in an IANA zone → epoch ms, through WallClockConverter, with the two DST
 * cases made explicit and decided once per local hour:
 * - a wall time inside a spring-forward gap does not exist: NaN;
 * - a wall time inside a fall-back hour exists twice: the EARLIER instant is returned and
 *   `repeatShiftMs` is set to the distance to the later one, so a reader that sees time going
 *   backwards inside the repeated hour can take the second occurrence instead.
 * `naiveMs` is the wall time read as if it were UTC (the caller has computed it already).
 */
export class NaiveZone {
  readonly zone: string;
  /** after a call: how far the later occurrence of an ambiguous wall time lies (0 when unambiguous) */
  repeatShiftMs = 0;
  private readonly converter: WallClockConverter;
  private hourKey = Number.NaN;
  private offsetMs = 0;
  private shiftMs = 0;
  private gap = false;
  private readonly utc: boolean;
  private readonly tz: IANAZone;
  /** the zone's offset now (wall clock): luxon's first guess when it resolves a wall time, as luxon takes it */
  private readonly nowOffsetMs: number;
  /** offsets already asked for, by instant: consecutive hours ask for the same instants */
  private readonly offsets = new Map<number, number>();

  constructor(zone: string) {
    this.converter = new WallClockConverter(zone);
    this.zone = this.converter.zone;
    this.utc = this.zone === "UTC" || this.zone === "Etc/UTC";
    this.tz = IANAZone.create(this.zone);
    this.nowOffsetMs = this.utc ? 0 : this.offsetAt(new LiveClock().now());
  }

  toUtcMs(naiveMs: number, y: number, mo: number, d: number, h: number): number {
    if (this.utc) return naiveMs;
    const key = Math.floor(naiveMs / HOUR_MS);
    if (key !== this.hourKey) this.loadHour(key, y, mo, d, h);
    this.repeatShiftMs = this.shiftMs;
    return this.gap ? Number.NaN : naiveMs - this.offsetMs;
  }

  private loadHour(key: number, y: number, mo: number, d: number, h: number): void {
    const hourNaive = key * HOUR_MS;
    if (this.steady(hourNaive)) {
      this.hourKey = key;
      return;
    }
    this.hourKey = key;
    const t = this.converter.toUtcMs(y, mo, d, h, 0, 0, 0);
    this.gap = Number.isNaN(t);
    this.shiftMs = 0;
    if (this.gap) return;
    // luxon resolves an ambiguous wall time to one of its instants: the offsets in force a few hours
    // before and after are the candidates; each one whose instant really has that offset is a valid
    // reading of this wall hour (two of them = the hour repeats)
    let max = hourNaive - t;
    let min = max;
    for (const probe of [t - 3 * HOUR_MS, t + 3 * HOUR_MS]) {
      const o = this.offsetAt(probe);
      if (o !== max && o !== min && this.offsetAt(hourNaive - o) === o) {
        if (o > max) max = o;
        if (o < min) min = o;
      }
    }
    this.offsetMs = max;
    this.shiftMs = max - min;
  }

  /**
   * True when the hour keeps the offset of the last one (the usual case, hour after hour): luxon would
   * resolve this wall hour to hourNaive − offset (its first guess from the offset now lands where the
   * zone has that offset, or its correction does), and both probes of the general path see the same
   * offset, so the general path would find no gap and no repeat. Every instant it relies on is checked.
   */
  private steady(hourNaive: number): boolean {
    if (this.gap || this.shiftMs !== 0 || Number.isNaN(this.hourKey)) return false;
    const o = this.offsetMs;
    const t = hourNaive - o;
    return (
      this.offsetAt(t) === o &&
      this.offsetAt(t - 3 * HOUR_MS) === o &&
      this.offsetAt(t + 3 * HOUR_MS) === o &&
      this.offsetAt(hourNaive - this.nowOffsetMs) === o
    );
  }

  /** The zone's offset at an instant, as luxon's DateTime computes it (its zone's own function). */
  private offsetAt(t: number): number {
    let o = this.offsets.get(t);
    if (o === undefined) {
      o = this.tz.offset(t) * 60_000;
      if (this.offsets.size >= 256) this.offsets.clear();
      this.offsets.set(t, o);
    }
    return o;
  }
}
