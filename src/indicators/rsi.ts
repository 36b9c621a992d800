import { SMMA } from "./ema.js";
import { checkPeriod, type Indicator } from "./types.js";

/**
 * Wilder's RSI: Wilder-smoothed (SMMA) up and down moves of consecutive inputs; ready at update
 * period + 1 (the first move needs a previous value). With no down moves it is 100, and 50 when there
 * were no moves at all (backtrader's safediv values).
 */
export class RSI implements Indicator {
  readonly period: number;
  readonly minPeriod: number;
  value = Number.NaN;
  private readonly up: SMMA;
  private readonly down: SMMA;
  private prev = Number.NaN;
  private started = false;

  constructor(period = 14) {
    this.period = checkPeriod("period", period);
    this.minPeriod = period + 1;
    this.up = new SMMA(period);
    this.down = new SMMA(period);
  }

  get ready(): boolean {
    return this.up.ready;
  }

  update(x: number): number {
    const prev = this.prev;
    this.prev = x;
    if (!this.started) {
      this.started = true;
      return this.value;
    }
    const up = this.up.update(x > prev ? x - prev : 0);
    const down = this.down.update(x < prev ? prev - x : 0);
    if (!this.up.ready) return this.value;
    if (down === 0) return (this.value = up === 0 ? 50 : 100);
    return (this.value = 100 - 100 / (1 + up / down));
  }

  reset(): void {
    this.up.reset();
    this.down.reset();
    this.prev = Number.NaN;
    this.started = false;
    this.value = Number.NaN;
  }
}
