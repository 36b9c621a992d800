const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Parses a decimal number from `s[start, end)` by char codes, without allocating. Accepts an optional
 * sign, digits with an optional '.', an optional exponent and surrounding spaces; anything else (an
 * empty field too) gives NaN. Up to 15–16 significant digits the result is exactly `Number(text)`:
 * an integer mantissa below 2^53 divided by an exact power of ten is correctly rounded. Longer
 * mantissas and exponents fall back to `Number` on the already validated slice.
 */
export function parseNumber(s: string, start: number, end: number): number {
  while (start < end && s.charCodeAt(start) === 32) start++;
  while (end > start && s.charCodeAt(end - 1) === 32) end--;
  let i = start;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) i++;
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mant = mant * 10 + d;
      digits++;
      if (dot) frac++;
    } else if (c === 46 && !dot) {
      dot = true;
    } else break;
  }
  if (digits === 0) return Number.NaN;
  if (i < end) {
    // only an exponent may follow: e/E, optional sign, at least one digit
    if (c !== 101 && c !== 69) return Number.NaN;
    i++;
    if (i < end && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    const expStart = i;
    while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === expStart || i < end) return Number.NaN;
    return Number(s.slice(start, end));
  }
  if (mant > Number.MAX_SAFE_INTEGER || frac > 22) return Number(s.slice(start, end));
  const v = frac === 0 ? mant : mant / POW10[frac]!;
  return neg ? -v : v;
}
