import type { Indicator } from "./types.js";
import { RollingWindow } from "./window.js";

/**
 * Simple moving average of the last `period` values, O(1) per update: a running sum over a ring buffer,
 * recomputed exactly from the buffer once per lap so rounding cannot drift over long runs.
 */
export class SMA implements Indicator {
  readonly period: number;
  readonly minPeriod: number;
  value = Number.NaN;
  private readonly window: RollingWindow;
  private sum = 0;

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
    if (w.lapped) this.sum = w.sum();
    else this.sum += wasFull ? x - out : x;
    return (this.value = w.full ? this.sum / this.period : Number.NaN);
  }

  reset(): void {
    this.window.reset();
    this.sum = 0;
    this.value = Number.NaN;
  }
}
