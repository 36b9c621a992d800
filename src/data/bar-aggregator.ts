import type { DayBoundary } from "../core/time.js";
import { type Bar, TIMEFRAME_MS, type Timeframe } from "../model/market-data.js";

/**
 * Builds bars of one timeframe from ticks or from shorter bars. Intraday periods are aligned to UTC
 * multiples of their length; D1 periods follow a DayBoundary (a time zone and a start hour), so a
 * trading day is right through both DST changes. A bar is complete when the first price at or after its
 * end arrives (or, from bars, when an input bar reaches its end). Bars with no price are not made.
 */
export class BarAggregator {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  private readonly tfMs: number;
  start = Number.NaN;
  end = Number.NEGATIVE_INFINITY;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  spread = Number.NaN;
  hasBar = false;

  constructor(
    symbol: string,
    timeframe: Timeframe,
    private readonly dayBoundary?: DayBoundary,
  ) {
    this.symbol = symbol;
    this.timeframe = timeframe;
    this.tfMs = TIMEFRAME_MS[timeframe];
  }

  /** Adds a tick (bid price). Call `isDue(t)`/`take()` first when t may close the current bar. */
  addTick(t: number, price: number, spread: number): void {
    if (t >= this.end) this.begin(t, price, spread);
    else {
      if (price > this.high) this.high = price;
      if (price < this.low) this.low = price;
      this.close = price;
    }
    this.volume += 1;
  }

  /** Adds `count` ticks known to fall inside the open bar, given their high, low and last price. */
  absorbRun(high: number, low: number, last: number, count: number): void {
    if (high > this.high) this.high = high;
    if (low < this.low) this.low = low;
    this.close = last;
    this.volume += count;
  }

  /** Adds a shorter bar that opens at t. */
  addBar(
    t: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    spread: number,
  ): void {
    if (t >= this.end) {
      this.begin(t, open, spread);
      this.high = high;
      this.low = low;
    } else {
      if (high > this.high) this.high = high;
      if (low < this.low) this.low = low;
    }
    this.close = close;
    this.volume += volume;
  }

  /** True when a bar is open and `t` is at or past its end. */
  isDue(t: number): boolean {
    return this.hasBar && t >= this.end;
  }

  /** Hands out the current bar and starts waiting for the next. */
  take(): Bar {
    this.hasBar = false;
    return {
      symbol: this.symbol,
      timeframe: this.timeframe,
      time: this.start,
      endTime: this.end,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
      spread: this.spread,
    };
  }

  private begin(t: number, price: number, spread: number): void {
    if (this.timeframe === "D1" && this.dayBoundary !== undefined) {
      this.start = this.dayBoundary.dayStartMs(t);
      this.end = this.dayBoundary.nextStartMs(t);
    } else {
      this.start = t - (((t % this.tfMs) + this.tfMs) % this.tfMs);
      this.end = this.start + this.tfMs;
    }
    this.open = this.high = this.low = this.close = price;
    this.volume = 0;
    this.spread = spread;
    this.hasBar = true;
  }
}
