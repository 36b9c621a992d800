import { ExactSum } from "./exact-sum.js";
import type { Indicator } from "./types.js";
import { RollingWindow } from "./window.js";

/**
 * Bollinger Bands: middle = SMA(period), upper/lower = middle ± k·σ with σ the population standard
 * deviation of the window. O(1) per update from two exact running sums, S = Σx and Q = Σx² (each square
 * kept exactly). The middle band is fsum(window)/n, as backtrader's; the variance is the exactly rounded
 * n·Q − S², divided by n², so it is never negative, never drifts and does not depend on summation order.
 * `value` is the middle band.
 */
export class BollingerBands implements Indicator {
  readonly period: number;
  readonly minPeriod: number;
  readonly k: number;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;
  /** population standard deviation of the window */
  stdDev = Number.NaN;
  private readonly window: RollingWindow;
  private readonly sum = new ExactSum();
  private readonly squares = new ExactSum();
  /** scratch for n·Q − S² */
  private readonly spread = new ExactSum();
  /** non-finite values in the window */
  private nonFinite = 0;

  constructor(period = 20, k = 2) {
    this.window = new RollingWindow(period);
    this.period = period;
    this.minPeriod = period;
    this.k = k;
  }

  get ready(): boolean {
    return this.window.full;
  }

  get value(): number {
    return this.middle;
  }

  update(x: number): number {
    const w = this.window;
    const wasFull = w.full;
    const out = w.push(x);
    // a non-finite value is counted, not summed: the bands are NaN while it is in the window
    if (Number.isFinite(x)) {
      this.sum.add(x);
      this.squares.addProduct(x, x);
    } else this.nonFinite++;
    if (wasFull) {
      if (Number.isFinite(out)) {
        this.sum.sub(out);
        this.squares.addProduct(-out, out);
      } else this.nonFinite--;
    }
    if (!w.full) return this.middle;
    if (this.nonFinite > 0) {
      this.upper = this.middle = this.lower = this.stdDev = Number.NaN;
      return this.middle;
    }
    const n = this.period;
    const d = this.spread;
    d.reset();
    d.addScaled(this.squares, n);
    d.addSquare(this.sum, -1);
    const mean = this.sum.value() / n;
    const sd = Math.sqrt(Math.max(0, d.value()) / (n * n));
    this.stdDev = sd;
    this.middle = mean;
    this.upper = mean + this.k * sd;
    this.lower = mean - this.k * sd;
    return mean;
  }

  reset(): void {
    this.window.reset();
    this.sum.reset();
    this.squares.reset();
    this.nonFinite = 0;
    this.upper = this.middle = this.lower = this.stdDev = Number.NaN;
  }
}
