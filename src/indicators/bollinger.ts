import type { Indicator } from "./types.js";
import { RollingWindow } from "./window.js";

/**
 * Bollinger Bands: middle = SMA(period), upper/lower = middle ± k·σ with σ the population standard
 * deviation of the window. O(1) per update: a running sum and a sliding sum of squared deviations
 * (Welford-style, no E[x²] − E[x]² cancellation), both recomputed exactly once per lap.
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
  private sum = 0;
  /** Σ (x − mean)² over the window */
  private m2 = 0;

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
    const oldMean = w.count > 0 ? this.sum / w.count : 0;
    const out = w.push(x);
    if (w.lapped) this.recompute();
    else if (wasFull) {
      this.sum += x - out;
      this.m2 += (x - out) * (x - this.sum / w.count + out - oldMean);
    } else {
      this.sum += x;
      this.m2 += (x - oldMean) * (x - this.sum / w.count);
    }
    if (!w.full) return this.middle;
    const mean = this.sum / this.period;
    const sd = Math.sqrt(this.m2 > 0 ? this.m2 / this.period : 0);
    this.stdDev = sd;
    this.middle = mean;
    this.upper = mean + this.k * sd;
    this.lower = mean - this.k * sd;
    return mean;
  }

  private recompute(): void {
    const w = this.window;
    const sum = w.sum();
    const mean = sum / w.count;
    let m2 = 0;
    for (let i = 0; i < w.count; i++) {
      const d = w.at(i) - mean;
      m2 += d * d;
    }
    this.sum = sum;
    this.m2 = m2;
  }

  reset(): void {
    this.window.reset();
    this.sum = 0;
    this.m2 = 0;
    this.upper = this.middle = this.lower = this.stdDev = Number.NaN;
  }
}
