import type { Timeframe } from "../model/market-data.js";

/**
 * Column-oriented market data: one typed array per field, so millions of rows load without one object
 * each and the event loop reads them without allocating. Times are epoch ms UTC, strictly increasing
 * for bars and non-decreasing for ticks.
 */
export interface TickSeries {
  readonly kind: "ticks";
  readonly symbol: string;
  readonly length: number;
  readonly time: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
}

export interface BarSeries {
  readonly kind: "bars";
  readonly symbol: string;
  /** the bar length the data has (inferred from the spacing of the times when not declared) */
  readonly timeframe: Timeframe;
  readonly length: number;
  /** open times */
  readonly time: Float64Array;
  /** bid prices */
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** ask − bid at the bar's open; NaN when the data has no ask */
  readonly spread: Float64Array;
}

export type MarketSeries = TickSeries | BarSeries;

/** A growable Float64Array (doubling), trimmed to length at the end. */
export class Float64Column {
  private buf: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buf = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  finish(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}
