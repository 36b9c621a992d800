import type { Indicator } from "./types.js";
import { RollingWindow } from "./window.js";

/**
 * Linearly weighted moving average (weights 1..period, newest heaviest), O(1) per update: with the plain
 * sum S and weighted sum W of the window, adding x and dropping the oldest gives W' = W − S + period·x.
 * Both sums are recomputed exactly from the buffer once per lap.
 */
export class WMA implements Indicator {
  readonly period: number;
  readonly minPeriod: number;
  value = Number.NaN;
  private readonly window: RollingWindow;
  private readonly weightTotal: number;
  private sum = 0;
  private weighted = 0;

  constructor(period: number) {
    this.window = new RollingWindow(period);
    this.period = period;
    this.minPeriod = period;
    this.weightTotal = (period * (period + 1)) / 2;
  }

  get ready(): boolean {
    return this.window.full;
  }

  update(x: number): number {
    const w = this.window;
    const wasFull = w.full;
    const out = w.push(x);
    if (w.lapped) this.recompute();
    else if (wasFull) {
      this.weighted += this.period * x - this.sum;
      this.sum += x - out;
    } else {
      this.sum += x;
      this.weighted += w.count * x;
    }
    return (this.value = w.full ? this.weighted / this.weightTotal : Number.NaN);
  }

  private recompute(): void {
    const w = this.window;
    let s = 0;
    let ws = 0;
    for (let i = 0; i < w.count; i++) {
      const v = w.at(i);
      s += v;
      ws += (i + 1) * v;
    }
    this.sum = s;
    this.weighted = ws;
  }

  reset(): void {
    this.window.reset();
    this.sum = 0;
    this.weighted = 0;
    this.value = Number.NaN;
  }
}
