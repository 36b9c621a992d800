import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../core/time.js";
import { daysFromCivil } from "./parse-time.js";

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Tick columns parsed from bytes, trimmed to `length`. */
export interface TickColumns {
  length: number;
  time: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
}

/** Where the header put the columns; `naiveUtc` accepts times without `Z` (the zone is UTC). */
export interface TickByteLayout {
  fields: number;
  time: number;
  bid: number;
  ask: number;
  naiveUtc: boolean;
}

function daysIn(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * The fast path of the tick reader: rows parsed straight from the (gunzipped) bytes, without a string
 * per file, line or field. It accepts only the plain form real tick files have — comma-separated, no
 * quotes or spaces, ISO times `YYYY-MM-DD(T| )HH:MM[:SS[.f…]]` ending in `Z` (or naive when the zone is
 * UTC), decimal prices of at most 15 digits — and only rows that pass every check of the reader. Each
 * value is computed with the same operations as TimeParser and parseNumber, so it is bit-identical.
 * Anything else (a bad row, an unusual but valid form) returns undefined: the caller then runs the
 * general reader, which accepts the form or names the file, line and field that is wrong.
 * `from` is the offset of the first data row.
 */
export function parseTickBytes(b: Uint8Array, from: number, layout: TickByteLayout): TickColumns | undefined {
  const end = b.length;
  const { fields, naiveUtc } = layout;
  const nl0 = b.indexOf(10, from);
  const rowLen = Math.max(16, (nl0 < 0 ? end : nl0) - from + 1);
  let cap = Math.ceil(((end - from) / rowLen) * 1.05) + 16;
  let time = new Float64Array(cap);
  let bid = new Float64Array(cap);
  let ask = new Float64Array(cap);
  let n = 0;
  let prev = Number.NEGATIVE_INFINITY;
  let dayKey = -1;
  let dayMs = 0;
  let p = from;
  while (p < end) {
    let c = b[p]!;
    if (c === 10 || c === 13) {
      // an empty line: fine only when nothing but line ends follows
      for (; p < end; p++) if (b[p] !== 10 && b[p] !== 13) return undefined;
      break;
    }
    let t = Number.NaN;
    let bv = Number.NaN;
    let av = Number.NaN;
    for (let f = 0; f < fields; f++) {
      if (f > 0) {
        if (b[p] !== 44) return undefined;
        p++;
      }
      if (f === layout.time) {
        // YYYY-MM-DD
        if (p + 10 > end || b[p + 4] !== 45 || b[p + 7] !== 45) return undefined;
        const y0 = b[p]! - 48;
        const y1 = b[p + 1]! - 48;
        const y2 = b[p + 2]! - 48;
        const y3 = b[p + 3]! - 48;
        const m0 = b[p + 5]! - 48;
        const m1 = b[p + 6]! - 48;
        const d0 = b[p + 8]! - 48;
        const d1 = b[p + 9]! - 48;
        if (
          (y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0 ||
          y0 > 9 ||
          y1 > 9 ||
          y2 > 9 ||
          y3 > 9 ||
          m0 > 9 ||
          m1 > 9 ||
          d0 > 9 ||
          d1 > 9
        )
          return undefined;
        const key =
          (y0 * 10 + y1) * 1_000_000 + (y2 * 10 + y3) * 10_000 + (m0 * 10 + m1) * 100 + d0 * 10 + d1;
        if (key !== dayKey) {
          const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
          const mo = m0 * 10 + m1;
          const d = d0 * 10 + d1;
          if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
          dayKey = key;
          dayMs = daysFromCivil(y, mo, d) * DAY_MS;
        }
        p += 10;
        // (T| )HH:MM
        const s = b[p];
        if ((s !== 84 && s !== 32) || p + 6 > end || b[p + 3] !== 58) return undefined;
        const h0 = b[p + 1]! - 48;
        const h1 = b[p + 2]! - 48;
        const i0 = b[p + 4]! - 48;
        const i1 = b[p + 5]! - 48;
        if ((h0 | h1 | i0 | i1) < 0 || h0 > 9 || h1 > 9 || i0 > 9 || i1 > 9) return undefined;
        const h = h0 * 10 + h1;
        const mi = i0 * 10 + i1;
        if (h > 23 || mi > 59) return undefined;
        p += 6;
        let sec = 0;
        let ms = 0;
        if (b[p] === 58) {
          const s0 = b[p + 1]! - 48;
          const s1 = b[p + 2]! - 48;
          if ((s0 | s1) < 0 || s0 > 9 || s1 > 9) return undefined;
          sec = s0 * 10 + s1;
          if (sec > 59) return undefined;
          p += 3;
          if (b[p] === 46) {
            p++;
            const f0 = b[p]! - 48;
            const f1 = b[p + 1]! - 48;
            const f2 = b[p + 2]! - 48;
            const f3 = b[p + 3]! - 48;
            if (
              p + 3 < end &&
              (f0 | f1 | f2) >= 0 &&
              f0 <= 9 &&
              f1 <= 9 &&
              f2 <= 9 &&
              !(f3 >= 0 && f3 <= 9)
            ) {
              // exactly milliseconds, the usual case: the sum below is exact, as the general loop's is
              ms = f0 * 100 + f1 * 10 + f2;
              p += 3;
            } else {
              const fromDigit = p;
              let scale = 100;
              for (c = b[p]!; p < end && c >= 48 && c <= 57; c = b[++p]!) {
                ms += (c - 48) * scale;
                scale /= 10;
              }
              if (p === fromDigit) return undefined;
            }
          }
        }
        t = dayMs + h * HOUR_MS + mi * MINUTE_MS + sec * 1000 + ms;
        if (b[p] === 90) p++;
        else if (!naiveUtc) return undefined;
      } else if (f === layout.bid || f === layout.ask) {
        let mant = 0;
        let digits = 0;
        let frac = 0;
        let dot = false;
        for (; p < end; p++) {
          c = b[p]!;
          const d = c - 48;
          if (d >= 0 && d <= 9) {
            mant = mant * 10 + d;
            digits++;
            if (dot) frac++;
          } else if (c === 46 && !dot) dot = true;
          else break;
        }
        if (digits === 0 || digits > 15) return undefined;
        const v = frac === 0 ? mant : mant / POW10[frac]!;
        if (f === layout.bid) bv = v;
        else av = v;
      } else {
        // a column the reader does not use: any bytes up to the next separator
        while (p < end && b[p] !== 44 && b[p] !== 10 && b[p] !== 13) p++;
      }
    }
    if (p < end && b[p] === 13) p++;
    if (p < end) {
      if (b[p] !== 10) return undefined;
      p++;
    }
    if (!(bv > 0 && av >= bv) || !(t >= prev)) return undefined;
    prev = t;
    if (n === cap) {
      cap *= 2;
      time = grow(time, cap);
      bid = grow(bid, cap);
      ask = grow(ask, cap);
    }
    time[n] = t;
    bid[n] = bv;
    ask[n] = av;
    n++;
  }
  if (n === 0) return undefined;
  return { length: n, time: trim(time, n), bid: trim(bid, n), ask: trim(ask, n) };
}

function grow(a: Float64Array, cap: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(cap);
  next.set(a);
  return next;
}

/**
 * The first n values. The capacity was estimated from the first row (a few % over), so the spare is
 * kept rather than copying every column once more at its peak; a gross over-estimate is given back.
 */
function trim(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  return a.length - n > n / 4 + 1024 ? a.slice(0, n) : a.subarray(0, n);
}
