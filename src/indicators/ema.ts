import { ExactSum } from "./exact-sum.js";
import { checkPeriod, type Indicator } from "./types.js";

/**
 * Exponential smoothing seeded like backtrader: the first value is the SMA of the first `period` inputs
 * (an exactly rounded sum, as math.fsum, divided by `period`),
 * then `value = previous·(1 − alpha) + x·alpha`. Ready at the `period`-th update.
 */
class ExpSmoothing implements Indicator {
  readonly period: number;
  readonly minPeriod: number;
  readonly alpha: number;
  value = Number.NaN;
  private readonly alpha1: number;
  private count = 0;
  private readonly seedSum = new ExactSum();

  constructor(period: number, alpha: number) {
    this.period = checkPeriod("period", period);
    this.minPeriod = period;
    this.alpha = alpha;
    this.alpha1 = 1 - alpha;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    if (this.count >= this.period) return (this.value = this.value * this.alpha1 + x * this.alpha);
    this.seedSum.add(x);
    if (++this.count === this.period) this.value = this.seedSum.value() / this.period;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.seedSum.reset();
    this.value = Number.NaN;
  }
}

/** EMA with alpha = 2/(period + 1), SMA-seeded (backtrader's EMA; trading-signals seeds with the first price). */
export class EMA extends ExpSmoothing {
  constructor(period: number) {
    super(checkPeriod("period", period), 2 / (period + 1));
  }
}

/** Wilder's smoothing (SMMA/RMA), alpha = 1/period, SMA-seeded; used by RSI and ATR. */
export class SMMA extends ExpSmoothing {
  constructor(period: number) {
    super(checkPeriod("period", period), 1 / period);
  }
}
