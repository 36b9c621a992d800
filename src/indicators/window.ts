import { checkPeriod } from "./types.js";

/** The last `size` values in a fixed Float64Array ring; pushing never allocates. */
export class RollingWindow {
  readonly size: number;
  private readonly buf: Float64Array;
  /** slot of the next write, which is the oldest value once the window is full */
  private head = 0;
  /** values held, at most `size` */
  count = 0;

  constructor(size: number) {
    this.size = checkPeriod("window size", size);
    this.buf = new Float64Array(size);
  }

  get full(): boolean {
    return this.count === this.size;
  }

  /** Appends `x` and returns the value it pushed out (NaN while the window was not yet full). */
  push(x: number): number {
    const out = this.count === this.size ? this.buf[this.head]! : Number.NaN;
    this.buf[this.head] = x;
    this.head = this.head + 1 === this.size ? 0 : this.head + 1;
    if (this.count < this.size) this.count++;
    return out;
  }

  /** The i-th value held, 0 = oldest. */
  at(i: number): number {
    const start = this.count === this.size ? this.head : 0;
    const j = start + i;
    return this.buf[j >= this.size ? j - this.size : j]!;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
  }
}

/**
 * Highest (or lowest) of the last `size` values in amortised O(1): a monotonic deque of (value, index)
 * kept in two fixed ring arrays of `size` slots, so it never allocates.
 */
export class RollingExtreme {
  readonly size: number;
  /** +1 tracks the maximum, −1 the minimum (values are stored multiplied by it) */
  private readonly sign: number;
  private readonly vals: Float64Array;
  private readonly idxs: Float64Array;
  private front = 0;
  private len = 0;
  private n = 0;

  constructor(size: number, kind: "max" | "min") {
    this.size = checkPeriod("window size", size);
    this.sign = kind === "max" ? 1 : -1;
    this.vals = new Float64Array(size);
    this.idxs = new Float64Array(size);
  }

  /** Adds `x` and returns the extreme of the last `size` values (fewer until `size` were pushed). */
  push(x: number): number {
    const v = this.sign * x;
    const size = this.size;
    // drop from the back every value the new one dominates
    while (this.len > 0) {
      let back = this.front + this.len - 1;
      if (back >= size) back -= size;
      if (this.vals[back]! > v) break;
      this.len--;
    }
    // drop from the front the value that left the window
    if (this.len > 0 && this.idxs[this.front]! <= this.n - size) {
      this.front = this.front + 1 === size ? 0 : this.front + 1;
      this.len--;
    }
    let slot = this.front + this.len;
    if (slot >= size) slot -= size;
    this.vals[slot] = v;
    this.idxs[slot] = this.n;
    this.len++;
    this.n++;
    return this.sign * this.vals[this.front]!;
  }

  reset(): void {
    this.front = 0;
    this.len = 0;
    this.n = 0;
  }
}
