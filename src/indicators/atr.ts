import { SMMA } from "./ema.js";
import { type BarIndicator, checkPeriod } from "./types.js";

/**
 * Average True Range as in backtrader: the true range max(high, prevClose) − min(low, prevClose) needs the
 * previous close, so the first one is at bar 2; ATR is its Wilder smoothing seeded with the SMA of the
 * first `period` true ranges, ready at bar period + 1. (trading-signals already emits a value at bar
 * `period`, using high − low for the first bar.)
 */
export class ATR implements BarIndicator {
  readonly period: number;
  readonly minPeriod: number;
  value = Number.NaN;
  /** the latest true range; NaN on the first bar */
  trueRange = Number.NaN;
  private readonly smma: SMMA;
  private prevClose = Number.NaN;
  private started = false;

  constructor(period = 14) {
    this.period = checkPeriod("period", period);
    this.minPeriod = period + 1;
    this.smma = new SMMA(period);
  }

  get ready(): boolean {
    return this.smma.ready;
  }

  updateBar(high: number, low: number, close: number): number {
    const pc = this.prevClose;
    this.prevClose = close;
    if (!this.started) {
      this.started = true;
      return this.value;
    }
    const tr = Math.max(high, pc) - Math.min(low, pc);
    this.trueRange = tr;
    return (this.value = this.smma.update(tr));
  }

  reset(): void {
    this.smma.reset();
    this.prevClose = Number.NaN;
    this.started = false;
    this.trueRange = Number.NaN;
    this.value = Number.NaN;
  }
}
