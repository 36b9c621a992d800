/**
 * Log returns of one symbol's bar closes, stamped with the bar time, in a ring of `window` entries.
 * Two symbols' histories are correlated over the bar times both have.
 */
export class RollingReturns {
  private readonly times: Float64Array;
  private readonly rets: Float64Array;
  private count = 0;
  private head = 0;
  private lastClose = Number.NaN;

  constructor(readonly window: number) {
    this.times = new Float64Array(window);
    this.rets = new Float64Array(window);
  }

  add(time: number, close: number): void {
    if (!Number.isNaN(this.lastClose) && close > 0 && this.lastClose > 0) {
      this.times[this.head] = time;
      this.rets[this.head] = Math.log(close / this.lastClose);
      this.head = (this.head + 1) % this.window;
      if (this.count < this.window) this.count++;
    }
    this.lastClose = close;
  }

  /** Pearson correlation over the bar times both histories hold; NaN with fewer than `minPoints`. */
  correlation(other: RollingReturns, minPoints: number): number {
    const mine = new Map<number, number>();
    for (let k = 0; k < this.count; k++) mine.set(this.times[k]!, this.rets[k]!);
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let k = 0; k < other.count; k++) {
      const x = mine.get(other.times[k]!);
      if (x === undefined) continue;
      const y = other.rets[k]!;
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    if (n < minPoints) return Number.NaN;
    const cov = sxy - (sx * sy) / n;
    const vx = sxx - (sx * sx) / n;
    const vy = syy - (sy * sy) / n;
    return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : Number.NaN;
  }
}
