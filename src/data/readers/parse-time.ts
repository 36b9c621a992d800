import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../core/time.js";
import { NaiveZone } from "./naive-zone.js";
import { parseNumber } from "./parse-number.js";

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Two decimal digits at s[i], or -1. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Why the last `parse` returned NaN: bad text, or a naive time that does not exist in the zone. */
export type TimeFailure = "syntax" | "nonexistent";

/**
 * Parses timestamps from string slices by char codes (no regex, no Date.parse) to epoch ms UTC:
 * - ISO `YYYY-MM-DD` or `YYYY-MM-DD(T| )HH:MM[:SS[.fff…]]`, optionally suffixed `Z` or `±HH[:]MM`/`±HH`;
 * - HistData `YYYYMMDD HHMMSS`;
 * - epoch numbers: seconds below 1e11, milliseconds above (decimals allowed).
 * Naive times (no suffix) are wall clock in `zone`. NaN on failure, with `failure` saying why.
 */
export class TimeParser {
  readonly zone: string;
  /** after a naive time inside a repeated (fall-back) hour: ms to the later occurrence; else 0 */
  repeatShiftMs = 0;
  failure: TimeFailure = "syntax";
  private readonly naive: NaiveZone;
  private dayKey = -1;
  private dayMs = 0;

  constructor(zone = "UTC") {
    this.naive = new NaiveZone(zone);
    this.zone = this.naive.zone;
  }

  parse(s: string, start: number, end: number): number {
    this.repeatShiftMs = 0;
    this.failure = "syntax";
    while (start < end && s.charCodeAt(start) === 32) start++;
    while (end > start && s.charCodeAt(end - 1) === 32) end--;
    if (end - start >= 2 && s.charCodeAt(start) === 34 && s.charCodeAt(end - 1) === 34) {
      start++;
      end--;
    }
    const len = end - start;
    if (len >= 10 && s.charCodeAt(start + 4) === 45 && s.charCodeAt(start + 7) === 45)
      return this.iso(s, start, end);
    if (len === 15 && s.charCodeAt(start + 8) === 32) return this.histData(s, start);
    const v = parseNumber(s, start, end);
    if (!Number.isFinite(v)) return Number.NaN;
    return Math.abs(v) < 1e11 ? Math.round(v * 1e6) / 1e3 : v;
  }

  /** ms from the epoch to the UTC midnight starting a date (consecutive rows mostly share it); NaN if invalid */
  private date(s: string, p: number, mo: number, dp: number): number {
    const yh = d2(s, p);
    const yl = d2(s, p + 2);
    const d = d2(s, dp);
    if ((yh | yl | mo | d) < 0) return Number.NaN;
    // all four are 0..99 here, so the key is unique and a cache hit is a date validated before
    const key = yh * 1_000_000 + yl * 10_000 + mo * 100 + d;
    if (key === this.dayKey) return this.dayMs;
    const y = yh * 100 + yl;
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return Number.NaN;
    this.dayKey = key;
    this.dayMs = daysFromCivil(y, mo, d) * DAY_MS;
    return this.dayMs;
  }

  private iso(s: string, p: number, end: number): number {
    const mo = d2(s, p + 5);
    const dayMs = this.date(s, p, mo, p + 8);
    if (Number.isNaN(dayMs)) return Number.NaN;
    p += 10;
    let h = 0;
    let mi = 0;
    let sec = 0;
    let ms = 0;
    if (p < end) {
      if (p + 6 > end) return Number.NaN;
      const sep = s.charCodeAt(p);
      if (sep !== 84 && sep !== 116 && sep !== 32) return Number.NaN; // T t space
      h = d2(s, p + 1);
      mi = d2(s, p + 4);
      if (s.charCodeAt(p + 3) !== 58 || h < 0 || h > 23 || mi < 0 || mi > 59) return Number.NaN;
      p += 6;
      if (p < end && s.charCodeAt(p) === 58) {
        sec = d2(s, p + 1);
        if (sec < 0 || sec > 59) return Number.NaN;
        p += 3;
        if (p < end && (s.charCodeAt(p) === 46 || s.charCodeAt(p) === 44)) {
          p++;
          let scale = 100;
          const from = p;
          for (let c = s.charCodeAt(p); p < end && c >= 48 && c <= 57; c = s.charCodeAt(++p)) {
            ms += (c - 48) * scale;
            scale /= 10;
          }
          if (p === from) return Number.NaN;
        }
      }
    }
    const naive = dayMs + h * HOUR_MS + mi * MINUTE_MS + sec * 1000 + ms;
    if (p === end) return this.wall(naive, h);
    const c = s.charCodeAt(p);
    if ((c === 90 || c === 122) && p + 1 === end) return naive; // Z z
    if (c !== 43 && c !== 45) return Number.NaN; // + -
    const oh = d2(s, p + 1);
    let om = 0;
    let q = p + 3;
    if (q < end) {
      if (s.charCodeAt(q) === 58) q++;
      om = d2(s, q);
      q += 2;
    }
    if (q !== end || oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
    const offset = (oh * 60 + om) * MINUTE_MS;
    return c === 43 ? naive - offset : naive + offset;
  }

  private histData(s: string, p: number): number {
    const dayMs = this.date(s, p, d2(s, p + 4), p + 6);
    const h = d2(s, p + 9);
    const mi = d2(s, p + 11);
    const sec = d2(s, p + 13);
    if (Number.isNaN(dayMs) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return Number.NaN;
    return this.wall(dayMs + h * HOUR_MS + mi * MINUTE_MS + sec * 1000, h);
  }

  /** A naive time (wall clock in the zone) to UTC; the date is the one `date` has just read. */
  private wall(naive: number, h: number): number {
    const key = this.dayKey;
    const y = Math.floor(key / 10_000);
    const t = this.naive.toUtcMs(naive, y, Math.floor(key / 100) % 100, key % 100, h);
    this.repeatShiftMs = this.naive.repeatShiftMs;
    if (Number.isNaN(t)) this.failure = "nonexistent";
    return t;
  }
}

/** Parses one timestamp string (naive ones in `zone`, default UTC); NaN when it is not a timestamp. */
export function parseTime(text: string, zone = "UTC"): number {
  return new TimeParser(zone).parse(text, 0, text.length);
}
