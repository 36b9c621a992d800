/**
 * Fresh exact arithmetic for tests, independent of ExactSum: every double is an integer times a power of
 * two, so sums and products of doubles are exact in BigInt, and one correctly rounded conversion back gives
 * the exactly rounded result (what Python's math.fsum returns for a sum).
 */

const view = new DataView(new ArrayBuffer(8));

/** x = mantissa · 2^exponent exactly (x finite). */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 === 1 ? -1n : 1n;
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) m |= 1n << 52n;
  return { mantissa: sign * m, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

/** Integers on one common grid 2^base for a list of doubles: value_i = ints[i] · 2^base exactly. */
export function onGrid(xs: readonly number[]): { ints: bigint[]; base: number } {
  const parts = xs.map(decompose);
  const base = Math.min(0, ...parts.map((p) => p.exponent));
  return { ints: parts.map((p) => p.mantissa << BigInt(p.exponent - base)), base };
}

/** bits of a non-negative BigInt */
function bitLength(n: bigint): number {
  let len = 0;
  let t = n;
  while (t > 0xffffffffn) {
    t >>= 32n;
    len += 32;
  }
  return len + 32 - Math.clz32(Number(t));
}

/** The double nearest to v · 2^exp (ties to even), for results in the normal range. */
export function roundToDouble(v: bigint, exp: number): number {
  const neg = v < 0n;
  let a = neg ? -v : v;
  if (a === 0n) return 0;
  const len = bitLength(a);
  let shift = 0;
  if (len > 1000) {
    // keep 1000 bits and a sticky bit: Number() then rounds exactly once, correctly
    shift = len - 1000;
    const kept = a >> BigInt(shift);
    a = kept << BigInt(shift) === a ? kept : kept | 1n;
  }
  let x = Number(a);
  let e = exp + shift;
  // scale by powers of two in steps that keep every intermediate normal (each step exact)
  while (e !== 0) {
    const step = Math.max(-600, Math.min(600, e));
    x *= 2 ** step;
    e -= step;
  }
  return neg ? -x : x;
}
