import { ExactSum } from "./exact-sum.js";
import type { Indicator } from "./types.js";
import { RollingWindow } from "./window.js";

/**
 * Linearly weighted moving average (weights 1..period, newest heaviest), O(1) per update: with the plain
 * sum S and weighted sum W of the window, adding x and dropping the oldest gives W' = W − S + period·x.
 * Both are exact running sums ({@link ExactSum}, products kept exactly), so the value is the exactly
 * rounded Σ i·xᵢ divided by the weight total, on every bar.
 */
export class WMA implements Indicator {
  readonly period: number;
  readonly minPeriod: number;
  value = Number.NaN;
  private readonly window: RollingWindow;
  private readonly weightTotal: number;
  private readonly sum = new ExactSum();
  private readonly weighted = new ExactSum();
  /** non-finite values in the window */
  private nonFinite = 0;

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
    // a non-finite value is counted and summed as 0: the average is NaN while it is in the window
    if (!Number.isFinite(x)) this.nonFinite++;
    if (wasFull && !Number.isFinite(out)) this.nonFinite--;
    const add = Number.isFinite(x) ? x : 0;
    if (wasFull) {
      this.weighted.addSum(this.sum, -1);
      this.weighted.addProduct(this.period, add);
      this.sum.add(add);
      this.sum.sub(Number.isFinite(out) ? out : 0);
    } else {
      this.sum.add(add);
      this.weighted.addProduct(w.count, add);
    }
    if (!w.full || this.nonFinite > 0) return (this.value = Number.NaN);
    return (this.value = this.weighted.value() / this.weightTotal);
  }

  reset(): void {
    this.window.reset();
    this.sum.reset();
    this.weighted.reset();
    this.nonFinite = 0;
    this.value = Number.NaN;
  }
}
