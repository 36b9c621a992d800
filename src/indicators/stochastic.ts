import { SMA } from "./sma.js";
import { type BarIndicator, checkPeriod } from "./types.js";
import { RollingExtreme } from "./window.js";

/**
 * Slow stochastic as backtrader's Stochastic(period, periodDFast, periodDSlow):
 * fast %K = 100·(close − lowest low)/(highest high − lowest low) over `period` bars (0 when the range is 0,
 * backtrader's safediv value), %K = SMA(periodDFast) of fast %K, %D = SMA(periodDSlow) of %K.
 * Ready at bar period + periodDFast + periodDSlow − 2 (18 for 14/3/3); `value` is %K.
 */
export class Stochastic implements BarIndicator {
  readonly minPeriod: number;
  k = Number.NaN;
  d = Number.NaN;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  private readonly kSma: SMA;
  private readonly dSma: SMA;
  private readonly period: number;
  private count = 0;

  constructor(period = 14, periodDFast = 3, periodDSlow = 3) {
    this.period = checkPeriod("period", period);
    this.highest = new RollingExtreme(period, "max");
    this.lowest = new RollingExtreme(period, "min");
    this.kSma = new SMA(periodDFast);
    this.dSma = new SMA(periodDSlow);
    this.minPeriod = period + periodDFast + periodDSlow - 2;
  }

  get ready(): boolean {
    return this.dSma.ready;
  }

  get value(): number {
    return this.k;
  }

  updateBar(high: number, low: number, close: number): number {
    const hh = this.highest.push(high);
    const ll = this.lowest.push(low);
    if (++this.count < this.period) return this.k;
    const range = hh - ll;
    const fastK = range === 0 ? 0 : (100 * (close - ll)) / range;
    const k = this.kSma.update(fastK);
    if (!this.kSma.ready) return this.k;
    const d = this.dSma.update(k);
    if (!this.dSma.ready) return this.k;
    this.k = k;
    this.d = d;
    return k;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.kSma.reset();
    this.dSma.reset();
    this.count = 0;
    this.k = this.d = Number.NaN;
  }
}
