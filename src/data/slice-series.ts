import type { BarSeries, MarketSeries, TickSeries } from "./series.js";

/** The first index whose time is ≥ t (times non-decreasing). */
function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows with startMs ≤ time < endMs, as views on the same memory (no copy). */
export function sliceSeries(series: MarketSeries, startMs: number, endMs: number): MarketSeries {
  const a = lowerBound(series.time, startMs);
  const b = Math.max(a, lowerBound(series.time, endMs));
  if (series.kind === "ticks") {
    const s: TickSeries = {
      kind: "ticks",
      symbol: series.symbol,
      length: b - a,
      time: series.time.subarray(a, b),
      bid: series.bid.subarray(a, b),
      ask: series.ask.subarray(a, b),
    };
    return s;
  }
  const s: BarSeries = {
    kind: "bars",
    symbol: series.symbol,
    timeframe: series.timeframe,
    length: b - a,
    time: series.time.subarray(a, b),
    open: series.open.subarray(a, b),
    high: series.high.subarray(a, b),
    low: series.low.subarray(a, b),
    close: series.close.subarray(a, b),
    volume: series.volume.subarray(a, b),
    spread: series.spread.subarray(a, b),
  };
  return s;
}

const shared = (a: Float64Array): Float64Array => {
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
};

/** A copy whose columns live in SharedArrayBuffers: worker threads given it read the same memory. */
export function shareSeries(series: MarketSeries): MarketSeries {
  if (series.kind === "ticks")
    return { ...series, time: shared(series.time), bid: shared(series.bid), ask: shared(series.ask) };
  return {
    ...series,
    time: shared(series.time),
    open: shared(series.open),
    high: shared(series.high),
    low: shared(series.low),
    close: shared(series.close),
    volume: shared(series.volume),
    spread: shared(series.spread),
  };
}
