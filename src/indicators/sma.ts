import { ExactSum } from "./exact-sum.js";
import type { Indicator } from "./types.js";
import { RollingWindow } from "./window.js";

/**
 * Simple moving average of the last `period` values, O(1) per update: an exact running sum of the window
 * (see {@link ExactSum}), rounded once and divided by `period`. The value is therefore exactly
 * `math.fsum(window) / period`, as backtrader's SMA computes it, on every bar: no drift, no dependence on
 * summation order, so a close that equals the average in exact arithmetic compares equal to it.
 */
export class SMA implements Indicator {
  readonly period: number;
  readonly minPeriod: number;
  value = Number.NaN;
  private readonly window: RollingWindow;
  private readonly sum = new ExactSum();

  constructor(period: number) {
    this.window = new RollingWindow(period);
    this.period = period;
    this.minPeriod = period;
  }

  get ready(): boolean {
    return this.window.full;
  }

  update(x: number): number {
    const w = this.window;
    const wasFull = w.full;
    const out = w.push(x);
    this.sum.add(x);
    if (wasFull) this.sum.sub(out);
    return (this.value = w.full ? this.sum.value() / this.period : Number.NaN);
  }

  reset(): void {
    this.window.reset();
    this.sum.reset();
    this.value = Number.NaN;
  }
}
