import { EMA } from "./ema.js";
import { checkPeriod, type Indicator } from "./types.js";

/**
 * MACD as backtrader's MACDHisto: macd = EMA(fast) − EMA(slow), signal = EMA(signalPeriod) of the macd
 * line (all SMA-seeded), histogram = macd − signal. The macd line exists from update `slow`, but every
 * output stays NaN until all three do, at update slow + signalPeriod − 1 (34 for 12/26/9).
 * `value` is the macd line.
 */
export class MACD implements Indicator {
  readonly minPeriod: number;
  macd = Number.NaN;
  signal = Number.NaN;
  histogram = Number.NaN;
  private readonly fast: EMA;
  private readonly slow: EMA;
  private readonly signalEma: EMA;

  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    checkPeriod("fastPeriod", fastPeriod);
    checkPeriod("slowPeriod", slowPeriod, fastPeriod); // slow >= fast
    this.fast = new EMA(fastPeriod);
    this.slow = new EMA(slowPeriod);
    this.signalEma = new EMA(signalPeriod);
    this.minPeriod = slowPeriod + signalPeriod - 1;
  }

  get ready(): boolean {
    return this.signalEma.ready;
  }

  get value(): number {
    return this.macd;
  }

  update(x: number): number {
    const f = this.fast.update(x);
    const s = this.slow.update(x);
    if (!this.slow.ready) return this.macd;
    const m = f - s;
    const sig = this.signalEma.update(m);
    if (!this.signalEma.ready) return this.macd;
    this.macd = m;
    this.signal = sig;
    this.histogram = m - sig;
    return m;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signalEma.reset();
    this.macd = this.signal = this.histogram = Number.NaN;
  }
}
