import { DateTime } from "luxon";
import { HydraError } from "../../core/errors.js";
import { assertZone, DAY_MS, MINUTE_MS } from "../../core/time.js";

/** Every real zone changes its offset on a quarter hour, so on a DST day the offset is cached per quarter. */
const QUARTER_MS = 15 * MINUTE_MS;

/**
 * Local wall-clock time in an IANA zone, cheap enough per bar or tick: the zone's UTC offset is looked up
 * with luxon once per local day (per quarter hour on the two days a year that change the clocks); between
 * look-ups a call is integer arithmetic.
 */
export class SessionClock {
  readonly zone: string;
  private from = 0;
  private to = -1;
  private offsetMs = 0;

  constructor(zone: string) {
    this.zone = assertZone(zone);
  }

  /** Local minutes since midnight, 0..1439, as a wall clock in the zone shows at t. */
  minute(t: number): number {
    const local = t + this.offset(t);
    return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS);
  }

  /**
   * The local day containing t, as days since 1970-01-01, for a day that starts at `startMinute` local
   * time (0: midnight; 17 × 60: the FX day of New York). A day key that needs no string.
   */
  day(t: number, startMinute = 0): number {
    return Math.floor((t + this.offset(t) - startMinute * MINUTE_MS) / DAY_MS);
  }

  private offset(t: number): number {
    if (t >= this.from && t < this.to) return this.offsetMs;
    const dt = DateTime.fromMillis(t, { zone: this.zone });
    const start = dt.startOf("day");
    const end = start.plus({ days: 1 });
    this.offsetMs = dt.offset * MINUTE_MS;
    const lastOffset = DateTime.fromMillis(end.toMillis() - 1, { zone: this.zone }).offset;
    if (start.offset === dt.offset && lastOffset === dt.offset) {
      this.from = start.toMillis();
      this.to = end.toMillis();
    } else {
      this.from = Math.floor(t / QUARTER_MS) * QUARTER_MS;
      this.to = this.from + QUARTER_MS;
    }
    return this.offsetMs;
  }
}

/** Is the local minute m inside [from, to)? A window with to < from wraps past midnight. */
export function inSession(m: number, from: number, to: number): boolean {
  return from <= to ? m >= from && m < to : m >= from || m < to;
}

const paramError = (strategy: string, param: string, want: string, got: string): HydraError =>
  new HydraError(
    "STRATEGY_PARAM",
    `strategy ${strategy}: parameter "${param}" must be ${want}, got "${got}"`,
    {
      param,
    },
  );

/** "HH:MM" (00:00..24:00) as minutes since midnight. */
export function parseHm(text: string, strategy: string, param: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const v = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || v > 1440) throw paramError(strategy, param, "HH:MM", text);
  return v;
}

/** A zone parameter as a SessionClock; an unknown zone names the strategy and the parameter. */
export function parseZone(text: string, strategy: string, param: string): SessionClock {
  try {
    return new SessionClock(text.trim());
  } catch {
    throw paramError(strategy, param, "an IANA time zone", text);
  }
}

/** A string parameter that must be one of `allowed`. */
export function parseChoice<T extends string>(
  text: string,
  allowed: readonly T[],
  strategy: string,
  param: string,
): T {
  const v = allowed.find((a) => a === text.trim());
  if (v === undefined) throw paramError(strategy, param, `one of ${allowed.join(", ")}`, text);
  return v;
}

/** Prices in a tag: enough digits for gold and for FX alike. */
export const px = (x: number): string => String(Number(x.toPrecision(8)));
