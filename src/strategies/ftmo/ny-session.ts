import { DateTime } from "luxon";
import { HydraError } from "../../core/errors.js";
import { assertZone, DAY_MS, MINUTE_MS } from "../../core/time.js";

const QUARTER_MS = 15 * MINUTE_MS;

/**
 * Wall-clock fields of an instant in an IANA zone, for session logic on the hot path. The zone's UTC
 * offset is looked up with luxon once per local day; on the two days a year a DST change falls in, once
 * per quarter hour (every real zone changes its offset on a quarter hour). Between look-ups a call is
 * integer arithmetic, so it is fine per tick.
 */
export class ZoneClock {
  readonly zone: string;
  private from = 0;
  private to = -1;
  private offsetMs = 0;

  constructor(zone: string) {
    this.zone = assertZone(zone);
  }

  /** local calendar day as days since 1970-01-01 (a day key that needs no string) */
  day(t: number): number {
    return Math.floor((t + this.offset(t)) / DAY_MS);
  }

  /** local minutes since midnight, 0..1439, as printed on a wall clock in the zone */
  minute(t: number): number {
    const local = t + this.offset(t);
    return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS);
  }

  /** local weekday, 0 = Sunday … 6 = Saturday */
  weekday(t: number): number {
    return (((this.day(t) + 4) % 7) + 7) % 7;
  }

  private offset(t: number): number {
    if (t >= this.from && t < this.to) return this.offsetMs;
    const dt = DateTime.fromMillis(t, { zone: this.zone });
    const start = dt.startOf("day");
    const end = start.plus({ days: 1 });
    this.offsetMs = dt.offset * MINUTE_MS;
    if (
      start.offset === dt.offset &&
      DateTime.fromMillis(end.toMillis() - 1, { zone: this.zone }).offset === dt.offset
    ) {
      this.from = start.toMillis();
      this.to = end.toMillis();
    } else {
      this.from = Math.floor(t / QUARTER_MS) * QUARTER_MS;
      this.to = this.from + QUARTER_MS;
    }
    return this.offsetMs;
  }
}

/** "HH:MM" (00:00..24:00) as minutes since midnight; a bad value names the strategy and the parameter. */
export function parseHm(text: string, strategy: string, param: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const v = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || v > 1440) {
    throw new HydraError(
      "STRATEGY_PARAM",
      `strategy ${strategy}: parameter "${param}" must be HH:MM, got "${text}"`,
      {
        param,
      },
    );
  }
  return v;
}

/** A string parameter that must be one of `allowed`. */
export function parseChoice<T extends string>(
  text: string,
  allowed: readonly T[],
  strategy: string,
  param: string,
): T {
  const v = allowed.find((a) => a === text.trim());
  if (v === undefined) {
    throw new HydraError(
      "STRATEGY_PARAM",
      `strategy ${strategy}: parameter "${param}" must be one of ${allowed.join(", ")}, got "${text}"`,
      { param },
    );
  }
  return v;
}

/** A zone name from a parameter, with the strategy's error code. */
export function parseZone(text: string, strategy: string, param: string): ZoneClock {
  try {
    return new ZoneClock(text.trim());
  } catch {
    throw new HydraError(
      "STRATEGY_PARAM",
      `strategy ${strategy}: parameter "${param}" is not an IANA zone: "${text}"`,
      {
        param,
      },
    );
  }
}

/** One local-time window in a zone: [from, to) minutes; to < from wraps past midnight. */
export interface ZoneWindow {
  clock: ZoneClock;
  from: number;
  to: number;
}

/** Is t inside the window (local wall-clock minute of t)? */
export function inWindow(w: ZoneWindow, t: number): boolean {
  const m = w.clock.minute(t);
  return w.from <= w.to ? m >= w.from && m < w.to : m >= w.from || m < w.to;
}

/**
 * Parses "Europe/London 08:00-16:30, America/New_York 08:00-17:00": a list of windows that must ALL
 * hold (their intersection), so an overlap of two sessions stays right while only one zone has changed
 * its clocks.
 */
export function parseWindows(text: string, strategy: string, param: string): ZoneWindow[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      const m = /^(\S+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(s);
      if (!m) {
        throw new HydraError(
          "STRATEGY_PARAM",
          `strategy ${strategy}: parameter "${param}" expects "Zone HH:MM-HH:MM[, …]", got "${s}"`,
          { param },
        );
      }
      return {
        clock: parseZone(m[1]!, strategy, param),
        from: parseHm(m[2]!, strategy, param),
        to: parseHm(m[3]!, strategy, param),
      };
    });
}
