/**
 * An exact running sum of doubles (Shewchuk's non-overlapping partials, the algorithm behind Python's
 * `math.fsum`). Values can be added and taken away in any order and the held sum stays exact; `value()`
 * rounds it to the nearest double (ties to even), which is what `math.fsum` returns for the same values.
 * So a running window sum read through `value()` equals a fresh exactly rounded sum of the window, bar
 * after bar, with no drift and no dependence on summation order.
 *
 * Non-finite inputs are not summed (they would poison the partials for good); they are counted instead,
 * and `value()` is NaN while any is held. Allocation-free unless the partials outgrow their buffer, which
 * needs values spread over hundreds of binary orders of magnitude.
 */
export class ExactSum {
  private p = new Float64Array(8);
  private n = 0;
  /** non-finite values held (added minus taken away) */
  private bad = 0;

  /** Adds `x` exactly. */
  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.bad++;
      return;
    }
    const p = this.p;
    let i = 0;
    for (let j = 0; j < this.n; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (i === p.length) this.grow();
    this.p[i++] = x;
    this.n = i;
  }

  /** Takes `x` away exactly (the inverse of `add`). */
  sub(x: number): void {
    if (!Number.isFinite(x)) {
      this.bad--;
      return;
    }
    this.add(-x);
  }

  /**
   * Adds the product a·b exactly (its rounded value and its rounding error, Dekker's two-product).
   * Exact for factors below 2^996 in magnitude whose product does not underflow: prices and volumes.
   */
  addProduct(a: number, b: number): void {
    const hi = a * b;
    if (!Number.isFinite(hi)) {
      this.add(hi);
      return;
    }
    this.add(hi);
    this.add(twoProductError(a, b, hi));
  }

  /** Adds sign·(the exact sum held by `other`). */
  addSum(other: ExactSum, sign: 1 | -1 = 1): void {
    this.bad += sign * other.bad;
    for (let j = 0; j < other.n; j++) this.add(sign * other.p[j]!);
  }

  /** Adds k·(the exact sum held by `other`), each partial's product kept exactly. */
  addScaled(other: ExactSum, k: number): void {
    this.bad += other.bad === 0 ? 0 : 1;
    for (let j = 0; j < other.n; j++) this.addProduct(k, other.p[j]!);
  }

  /** Adds (the exact sum held by `other`)², every cross product kept exactly. */
  addSquare(other: ExactSum, sign: 1 | -1 = 1): void {
    this.bad += other.bad === 0 ? 0 : 1;
    const q = other.p;
    for (let i = 0; i < other.n; i++) for (let j = 0; j < other.n; j++) this.addProduct(sign * q[i]!, q[j]!);
  }

  /** The held sum rounded to the nearest double, ties to even (as math.fsum); NaN while a non-finite value is held. */
  value(): number {
    if (this.bad !== 0) return Number.NaN;
    const p = this.p;
    let n = this.n;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Correct a halfway case the plain additions rounded the wrong way (CPython's fsum does the same).
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  reset(): void {
    this.n = 0;
    this.bad = 0;
  }

  private grow(): void {
    const next = new Float64Array(this.p.length * 2);
    next.set(this.p);
    this.p = next;
  }
}

const SPLITTER = 134217729; // 2^27 + 1

/** The exact error a·b − fl(a·b) of a finite product (Veltkamp split, no FMA needed). */
function twoProductError(a: number, b: number, hi: number): number {
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aLo * bLo - (hi - aHi * bHi - aLo * bHi - aHi * bLo);
}
