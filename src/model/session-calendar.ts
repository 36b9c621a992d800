import { DateTime } from "luxon";
import { HydraError } from "../core/errors.js";
import { assertZone } from "../core/time.js";

/** Trading hours in an IANA zone: a weekly open and close, minus daily breaks. Times are "HH:MM". */
export interface SessionSpec {
  zone: string;
  alwaysOpen?: boolean;
  /** e.g. "Sun 17:00" */
  weekOpen?: string;
  /** e.g. "Fri 17:00" */
  weekClose?: string;
  dailyBreaks?: ReadonlyArray<{ from: string; to: string }>;
}

const WEEK_MIN = 7 * 1440;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function parseHm(s: string, field: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) {
    throw new HydraError("INSTRUMENT_INVALID", `${field}: expected HH:MM, got "${s}"`, { field });
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

function parseDayHm(s: string, field: string): number {
  const [day, hm] = s.trim().split(/\s+/);
  const d = DAYS.indexOf((day ?? "").slice(0, 3).toLowerCase());
  if (d < 0 || hm === undefined) {
    throw new HydraError("INSTRUMENT_INVALID", `${field}: expected "Sun 17:00", got "${s}"`, { field });
  }
  return d * 1440 + parseHm(hm, field);
}

/** Open intervals as minutes of the week (Sunday 00:00 = 0), sorted and non-overlapping. */
function openIntervals(spec: SessionSpec): Array<[number, number]> {
  if (spec.alwaysOpen) return [[0, WEEK_MIN]];
  const open = parseDayHm(spec.weekOpen ?? "Sun 00:00", "sessions.weekOpen");
  const close = parseDayHm(spec.weekClose ?? "Sat 00:00", "sessions.weekClose");
  const mask = new Uint8Array(WEEK_MIN);
  for (let m = open; m !== close; m = (m + 1) % WEEK_MIN) mask[m] = 1;
  for (const b of spec.dailyBreaks ?? []) {
    const from = parseHm(b.from, "sessions.dailyBreaks.from");
    const to = parseHm(b.to, "sessions.dailyBreaks.to");
    for (let day = 0; day < 7; day++) {
      for (let m = from; m !== to; m = (m + 1) % 1440) mask[(day * 1440 + m) % WEEK_MIN] = 0;
    }
  }
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let m = 0; m <= WEEK_MIN; m++) {
    const on = m < WEEK_MIN && mask[m] === 1;
    if (on && start < 0) start = m;
    if (!on && start >= 0) {
      out.push([start, m]);
      start = -1;
    }
  }
  return out;
}

/**
 * Answers "is the market open at t?" with one comparison on the hot path: the answer is cached until
 * the next session boundary, computed in wall time so that both DST changes land where they should.
 */
export class SessionCalendar {
  readonly zone: string;
  private readonly intervals: Array<[number, number]>;
  private readonly always: boolean;
  private validFrom = Number.POSITIVE_INFINITY;
  private validUntil = Number.NEGATIVE_INFINITY;
  private cachedOpen = false;

  constructor(spec: SessionSpec) {
    this.zone = assertZone(spec.zone, "sessions.zone");
    // Two weeks back to back, with intervals that meet at the week's end merged, so that a state
    // running across Sunday 00:00 (the FX weekend, say) has its real end.
    const week = openIntervals(spec);
    const twoWeeks: Array<[number, number]> = [];
    for (const [a, b] of [...week, ...week.map(([a, b]): [number, number] => [a + WEEK_MIN, b + WEEK_MIN])]) {
      const last = twoWeeks[twoWeeks.length - 1];
      if (last !== undefined && last[1] === a) last[1] = b;
      else twoWeeks.push([a, b]);
    }
    this.intervals = twoWeeks;
    this.always =
      this.intervals.length === 1 && this.intervals[0]![0] === 0 && this.intervals[0]![1] === 2 * WEEK_MIN;
  }

  isOpen(t: number): boolean {
    if (this.always) return true;
    if (t < this.validFrom || t >= this.validUntil) this.recompute(t);
    return this.cachedOpen;
  }

  /** The first time ≥ t at which the open/closed state changes (Infinity when always open). */
  nextChange(t: number): number {
    if (this.always) return Number.POSITIVE_INFINITY;
    if (t < this.validFrom || t >= this.validUntil) this.recompute(t);
    return this.validUntil;
  }

  private recompute(t: number): void {
    const local = DateTime.fromMillis(t, { zone: this.zone });
    const dow = local.weekday % 7;
    const weekStart = local.startOf("day").minus({ days: dow });
    const mow = dow * 1440 + local.hour * 60 + local.minute;
    const toMs = (m: number): number =>
      weekStart
        .plus({ days: Math.floor(m / 1440) })
        .set({ hour: Math.floor((m % 1440) / 60), minute: m % 60 })
        .toMillis();
    let from = 0;
    let until = 2 * WEEK_MIN;
    let open = false;
    for (const [a, b] of this.intervals) {
      if (mow < a) {
        until = a;
        break;
      }
      if (mow < b) {
        from = a;
        until = b;
        open = true;
        break;
      }
      from = b;
    }
    this.cachedOpen = open;
    this.validFrom = Math.min(toMs(from), t);
    const end = toMs(until);
    // A boundary inside a DST gap can map to or before t; fall back to the next minute.
    this.validUntil = end > t ? end : t + 60_000;
  }
}
