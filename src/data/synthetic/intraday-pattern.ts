import { IANAZone } from "luxon";
import { DAY_MS, MINUTE_MS } from "../../core/time.js";

/** "session": FX, metals and index CFDs; "crypto": a milder pattern for markets that never close. */
export type PatternKind = "session" | "crypto";

/**
 * The pattern is constant over 15-minute UTC slots. Every zone it reads (UTC, London, New York) is a
 * whole number of hours from UTC and changes offset on the hour, so local slots line up with UTC slots.
 */
export const SLOT_MS = 15 * MINUTE_MS;

/** Spread widening: 1/sqrt(activity) when trading is thin, and up to 3× just after a reopen. */
export const MAX_SPREAD_FACTOR = 4;
export const REOPEN_WINDOW_MS = 5 * MINUTE_MS;
const REOPEN_SPREAD_FACTOR = 3;

/**
 * A zone's UTC offset, looked up twice per UTC day: when the offsets at both ends of the day agree
 * there was no DST change inside it (zones change at most once a day); otherwise once per slot.
 */
class ZoneOffsets {
  private readonly zone: IANAZone;
  private day = Number.NaN;
  private offsetMs = 0;
  private changes = false;

  constructor(name: string) {
    this.zone = IANAZone.create(name);
  }

  localMinuteOfDay(t: number): number {
    const day = Math.floor(t / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.offsetMs = this.zone.offset(day * DAY_MS) * MINUTE_MS;
      this.changes = this.zone.offset((day + 1) * DAY_MS) * MINUTE_MS !== this.offsetMs;
    }
    const local = t + (this.changes ? this.zone.offset(t) * MINUTE_MS : this.offsetMs);
    return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
  }
}

/** Activity of FX, metals and index CFDs by local time (1 = the busiest hours of the day). */
function sessionActivity(utcMin: number, ldnMin: number, nyMin: number): number {
  let a = 0.2; // New York evening and the rollover
  if (utcMin < 360) a = 0.3; // Tokyo 09:00–15:00 (Japan keeps no DST)
  if (ldnMin >= 420 && ldnMin < 480) a = Math.max(a, 0.4); // London pre-open
  if (ldnMin >= 480 && ldnMin < 990) a = Math.max(a, 0.6); // London 08:00–16:30
  if (nyMin >= 480 && nyMin < 570)
    a = Math.max(a, 0.8); // New York data releases 08:00–09:30
  else if (nyMin >= 570 && nyMin < 660)
    a = 1; // New York open 09:30 into the overlap
  else if (nyMin >= 660 && nyMin < 960)
    a = Math.max(a, 0.55); // New York until the 16:00 close
  else if (nyMin >= 960 && nyMin < 1020) a = Math.max(a, 0.3); // after the close
  return a;
}

/** Crypto trades around the clock: busier in European and US hours, quieter at weekends. */
function cryptoActivity(utcDow: number, ldnMin: number, nyMin: number): number {
  let a = 0.6;
  if (ldnMin >= 480 && ldnMin < 990) a = 0.8;
  if (nyMin >= 570 && nyMin < 960) a = 1;
  return utcDow === 0 || utcDow === 6 ? a * 0.7 : a;
}

/**
 * Intraday activity multiplier by time of day, DST-correct on both sides of the Atlantic, cached per
 * 15-minute slot (zone offsets per UTC day): one comparison per call on the hot path.
 */
export class IntradayPattern {
  readonly kind: PatternKind;
  private from = Number.POSITIVE_INFINITY;
  private until = Number.NEGATIVE_INFINITY;
  private value = 1;
  private readonly london = new ZoneOffsets("Europe/London");
  private readonly newYork = new ZoneOffsets("America/New_York");

  constructor(kind: PatternKind) {
    this.kind = kind;
  }

  /** Activity at t: scales the tick rate (and the variance rate) relative to the busiest hours. */
  activity(t: number): number {
    if (t < this.from || t >= this.until) this.recompute(t);
    return this.value;
  }

  private recompute(t: number): void {
    const slot = Math.floor(t / SLOT_MS) * SLOT_MS;
    const ldnMin = this.london.localMinuteOfDay(slot);
    const nyMin = this.newYork.localMinuteOfDay(slot);
    const utcMin = Math.floor((slot - Math.floor(slot / DAY_MS) * DAY_MS) / MINUTE_MS);
    const utcDow = (Math.floor(slot / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday
    this.value =
      this.kind === "crypto" ? cryptoActivity(utcDow, ldnMin, nyMin) : sessionActivity(utcMin, ldnMin, nyMin);
    this.from = slot;
    this.until = slot + SLOT_MS;
  }
}

/** Spread multiplier from thin trading: 1/sqrt(activity), capped. */
export function activitySpreadFactor(activity: number): number {
  return Math.min(MAX_SPREAD_FACTOR, 1 / Math.sqrt(activity));
}

/** Spread multiplier just after a reopen: 3× at the open, back to 1× after REOPEN_WINDOW_MS. */
export function reopenSpreadFactor(msSinceReopen: number): number {
  if (msSinceReopen >= REOPEN_WINDOW_MS || msSinceReopen < 0) return 1;
  return 1 + (REOPEN_SPREAD_FACTOR - 1) * (1 - msSinceReopen / REOPEN_WINDOW_MS);
}
