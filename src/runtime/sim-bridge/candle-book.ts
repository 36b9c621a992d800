import { TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from "../../model/market-data.js";

export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** tick volume */
  volume: number;
}

/**
 * Bid candles built from the ticks a simulated bridge has streamed, per symbol and timeframe, each
 * list cut to the newest `cap` bars (what MT5's copy_rates_from_pos would return).
 */
export class CandleBook {
  private readonly bars = new Map<string, Candle[]>();

  constructor(private readonly cap = 10_000) {}

  onTick(symbol: string, time: number, bid: number): void {
    for (const tf of TIMEFRAMES) {
      const key = `${symbol}:${tf}`;
      let list = this.bars.get(key);
      if (list === undefined) {
        list = [];
        this.bars.set(key, list);
      }
      const open = Math.floor(time / TIMEFRAME_MS[tf]) * TIMEFRAME_MS[tf];
      const last = list[list.length - 1];
      if (last !== undefined && last.time === open) {
        if (bid > last.high) last.high = bid;
        if (bid < last.low) last.low = bid;
        last.close = bid;
        last.volume += 1;
      } else if (last === undefined || open > last.time) {
        list.push({ time: open, open: bid, high: bid, low: bid, close: bid, volume: 1 });
        if (list.length > this.cap) list.splice(0, list.length - this.cap);
      }
      // a tick older than the last bar (out of order) is ignored
    }
  }

  /** The newest `count` candles, oldest first. */
  candles(symbol: string, timeframe: Timeframe, count: number): Candle[] {
    const list = this.bars.get(`${symbol}:${timeframe}`) ?? [];
    return list.slice(Math.max(0, list.length - count)).map((c) => ({ ...c }));
  }
}
