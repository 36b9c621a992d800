import { Prng } from "../../core/prng.js";
import type { BarSeries } from "../../data/series.js";
import { TIMEFRAME_MS, type Timeframe } from "../../model/market-data.js";

/** A seeded random-walk bar series (bid prices) for tests: `n` bars from `startMs`. */
export function randomWalkBars(
  symbol: string,
  opts: { n: number; startMs: number; price: number; seed: number; timeframe?: Timeframe; volPct?: number },
): BarSeries {
  const tf = opts.timeframe ?? "M5";
  const rng = new Prng(opts.seed);
  const vol = (opts.volPct ?? 0.15) / 100;
  const col = (): Float64Array => new Float64Array(opts.n);
  const [time, open, high, low, close, volume, spread] = [col(), col(), col(), col(), col(), col(), col()];
  let p = opts.price;
  for (let i = 0; i < opts.n; i++) {
    const o = p;
    const c = o * (1 + vol * rng.normal());
    const wick = o * vol * 0.5;
    time[i] = opts.startMs + i * TIMEFRAME_MS[tf];
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) + wick * rng.next();
    low[i] = Math.min(o, c) - wick * rng.next();
    volume[i] = 1 + rng.next();
    spread[i] = Number.NaN;
    p = c;
  }
  return {
    kind: "bars",
    symbol,
    timeframe: tf,
    length: opts.n,
    time,
    open,
    high,
    low,
    close,
    volume,
    spread,
  };
}
