import { BarAggregator } from "../../data/bar-aggregator.js";
import { type BarSeries, Float64Column, type MarketSeries } from "../../data/series.js";
import type { Timeframe } from "../../model/market-data.js";

/** The data as bars of `timeframe`: bar data as it is, ticks folded into bars (bid prices, spread at the open). */
export function asBars(series: MarketSeries, timeframe: Timeframe): BarSeries {
  if (series.kind === "bars") return series;
  const agg = new BarAggregator(series.symbol, timeframe);
  const cols = {
    time: new Float64Column(),
    open: new Float64Column(),
    high: new Float64Column(),
    low: new Float64Column(),
    close: new Float64Column(),
    volume: new Float64Column(),
    spread: new Float64Column(),
  };
  const emit = (): void => {
    const b = agg.take();
    cols.time.push(b.time);
    cols.open.push(b.open);
    cols.high.push(b.high);
    cols.low.push(b.low);
    cols.close.push(b.close);
    cols.volume.push(b.volume);
    cols.spread.push(b.spread);
  };
  for (let i = 0; i < series.length; i++) {
    const t = series.time[i]!;
    if (agg.isDue(t)) emit();
    agg.addTick(t, series.bid[i]!, series.ask[i]! - series.bid[i]!);
  }
  if (agg.hasBar) emit();
  return {
    kind: "bars",
    symbol: series.symbol,
    timeframe,
    length: cols.time.length,
    time: cols.time.finish(),
    open: cols.open.finish(),
    high: cols.high.finish(),
    low: cols.low.finish(),
    close: cols.close.finish(),
    volume: cols.volume.finish(),
    spread: cols.spread.finish(),
  };
}

/** Rows [from, to) of a bar series (views, not copies). */
export function sliceBars(s: BarSeries, from: number, to: number): BarSeries {
  return {
    ...s,
    length: to - from,
    time: s.time.subarray(from, to),
    open: s.open.subarray(from, to),
    high: s.high.subarray(from, to),
    low: s.low.subarray(from, to),
    close: s.close.subarray(from, to),
    volume: s.volume.subarray(from, to),
    spread: s.spread.subarray(from, to),
  };
}
