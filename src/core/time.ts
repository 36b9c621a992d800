import { DateTime, IANAZone } from "luxon";
import { HydraError } from "./errors.js";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** the last UTC day formatted, "YYYY-MM-DDT": a backtest formats tens of thousands of times, most on a day already seen */
let isoDay = Number.NaN;
let isoPrefix = "";
const YEAR_10000_MS = 253_402_300_800_000;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** `new Date(ms).toISOString()`, ~10× faster for whole ms in years 1970–9999 (anything else goes to Date). */
export function toIsoUtc(ms: number): string {
  if (!(Number.isInteger(ms) && ms >= 0 && ms < YEAR_10000_MS)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    isoDay = day;
  }
  const r = ms - day * DAY_MS;
  const milli = r % 1000;
  const sec = Math.floor(r / 1000);
  const frac = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : `${milli}`;
  return `${isoPrefix}${pad2(Math.floor(sec / 3600))}:${pad2(Math.floor(sec / 60) % 60)}:${pad2(sec % 60)}.${frac}Z`;
}

/** zone names found valid (luxon's check builds an Intl.DateTimeFormat, ~2 ms, on every call) */
const validZones = new Set<string>();

/** Validates an IANA time-zone name once, at the boundary. */
export function assertZone(zone: string, field = "tz"): string {
  if (validZones.has(zone)) return zone;
  if (!IANAZone.isValidZone(zone)) {
    throw new HydraError(
      "TIME_INVALID",
      `unknown time zone "${zone}" in ${field} (use an IANA name such as Europe/Prague)`,
      {
        field,
        zone,
      },
    );
  }
  validZones.add(zone);
  return zone;
}

/**
 * Day boundaries in a time zone: a trading day starts at `startHour` local time (default midnight).
 * Both DST changes are handled by luxon; callers cache `nextStartMs` so the hot path does one compare.
 */
interface Day {
  start: number;
  next: number;
  key: string;
}

/**
 * Days already computed, per zone and start hour, by UTC hour: an hour lying wholly inside a day maps
 * to it. Shared by every boundary of the process, so the backtests of an optimisation (the same dates,
 * a new ledger each) ask luxon once per date instead of once per date and backtest.
 */
const knownDays = new Map<string, Map<number, Day>>();
const KNOWN_DAYS_MAX = 200_000;
const YEAR_1900_MS = Date.UTC(1900, 0, 1);
const YEAR_2200_MS = Date.UTC(2200, 0, 1);

export class DayBoundary {
  readonly zone: string;
  readonly startHour: number;
  /** the last day asked about, [start, next) with its key: every time inside it has the same answers */
  private cached: Day = { start: Number.NaN, next: Number.NaN, key: "" };
  private readonly known: Map<number, Day>;
  /** undefined for UTC */
  private readonly tz: IANAZone | undefined;

  constructor(zone = "Europe/Prague", startHour = 0) {
    this.zone = assertZone(zone);
    if (!Number.isInteger(startHour) || startHour < 0 || startHour > 23) {
      throw new HydraError("TIME_INVALID", `day start hour must be an integer 0..23, got ${startHour}`, {
        field: "startHour",
      });
    }
    this.startHour = startHour;
    const id = `${this.zone} ${startHour}`;
    let known = knownDays.get(id);
    if (known === undefined) {
      known = new Map();
      knownDays.set(id, known);
    }
    this.known = known;
    this.tz = this.zone === "UTC" || this.zone === "Etc/UTC" ? undefined : IANAZone.create(this.zone);
  }

  /** Start (epoch ms) of the trading day that contains t. */
  dayStartMs(t: number): number {
    return this.day(t).start;
  }

  /** Start of the next trading day after the one containing t. */
  nextStartMs(t: number): number {
    return this.day(t).next;
  }

  /** The trading day's label, YYYY-MM-DD of its local start date. */
  dayKey(t: number): string {
    return this.day(t).key;
  }

  /** The day containing t, from luxon once per day and process (a day roll asks for all three). */
  private day(t: number): Day {
    const c = this.cached;
    if (t >= c.start && t < c.next) return c;
    const hour = Math.floor(t / HOUR_MS);
    const seen = this.known.get(hour);
    if (seen !== undefined) {
      this.cached = seen;
      return seen;
    }
    const day = this.steadyDay(t) ?? this.luxonDay(t);
    const startMs = day.start;
    const next = day.next;
    // only a day that holds t is kept (it always does; the check keeps a surprise from being cached),
    // and shared only for a UTC hour that lies wholly inside it
    if (t >= startMs && t < next) {
      this.cached = day;
      if (hour * HOUR_MS >= startMs && (hour + 1) * HOUR_MS <= next) {
        if (this.known.size >= KNOWN_DAYS_MAX) this.known.clear();
        this.known.set(hour, day);
      }
    }
    return day;
  }

  private luxonDay(t: number): Day {
    let local = DateTime.fromMillis(t, { zone: this.zone });
    if (local.hour < this.startHour) local = local.minus({ days: 1 });
    const start = local.startOf("day").set({ hour: this.startHour });
    const startMs = start.toMillis();
    const from = DateTime.fromMillis(startMs, { zone: this.zone });
    const next = from.plus({ days: 1 }).startOf("day").set({ hour: this.startHour }).toMillis();
    return { start: startMs, next, key: from.toISODate() as string };
  }

  /**
   * luxonDay's answer without its DateTimes (~3.5× faster), for a day whose offset does not change:
   * luxon asks the zone's offset (its own function, used here) at t and then, each of its steps guessing
   * the offset it had, at each local time it moves to (a day back, midnight, the start hour, a day on,
   * midnight, the start hour). When every answer is t's offset, each step keeps its guess and the result
   * is plain arithmetic; otherwise (a change on the day, years outside 1900–2199) luxon computes it.
   */
  private steadyDay(t: number): Day | undefined {
    const o = this.offsetMs(t);
    const local = t + o;
    let midnight = Math.floor(local / DAY_MS) * DAY_MS;
    const sh = this.startHour * HOUR_MS;
    if (local - midnight < sh) {
      if (this.offsetMs(local - DAY_MS - o) !== o) return undefined;
      midnight -= DAY_MS;
    }
    if (!(midnight >= YEAR_1900_MS && midnight < YEAR_2200_MS)) return undefined;
    const next = midnight + DAY_MS;
    for (const at of [midnight, midnight + sh, midnight + sh + DAY_MS, next, next + sh])
      if (this.offsetMs(at - o) !== o) return undefined;
    return {
      start: midnight + sh - o,
      next: next + sh - o,
      key: new Date(midnight).toISOString().slice(0, 10),
    };
  }

  /** The zone's offset at t as luxon's DateTime computes it (UTC: always 0, without asking Intl). */
  private offsetMs(t: number): number {
    return this.tz === undefined ? 0 : this.tz.offset(t) * MINUTE_MS;
  }
}

/**
 * Converts naive wall-clock fields in a zone to epoch ms. The zone offset is cached per local hour, so
 * a file of millions of naive timestamps costs one luxon call per hour of data. A wall time that does
 * not exist in the zone (inside a spring-forward gap) is an error: it means the declared zone is wrong.
 */
export class WallClockConverter {
  readonly zone: string;
  private readonly utc: boolean;
  private cachedHourKey = Number.NaN;
  private cachedOffsetMs = 0;

  constructor(zone: string) {
    this.zone = zone === "UTC" ? "UTC" : assertZone(zone);
    this.utc = this.zone === "UTC" || this.zone === "Etc/UTC";
  }

  /** Returns epoch ms, or NaN when the wall time does not exist in the zone. */
  toUtcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
    const naive = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    if (this.utc) return naive;
    const hourKey = Math.floor(naive / HOUR_MS);
    if (hourKey !== this.cachedHourKey) {
      const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: 0 }, { zone: this.zone });
      if (!dt.isValid || dt.hour !== h || dt.day !== d) return Number.NaN;
      this.cachedHourKey = hourKey;
      this.cachedOffsetMs = dt.offset * MINUTE_MS;
    }
    return naive - this.cachedOffsetMs;
  }
}
