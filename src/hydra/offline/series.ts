import { ATR, BollingerBands, EMA, RSI } from "../../indicators/index.js";
import type { Bar } from "../../model/market-data.js";

/**
 * Indicator values over a candle history (oldest first), computed by streaming the closed bars through the
 * project's indicators. Every function returns NaN when there are too few bars, so a rule simply does
 * not fire.
 */

/** The last two values of an EMA of the closes: [previous bar, last bar]. */
export function emaLastTwo(candles: readonly Bar[], period: number): [number, number] {
  const ema = new EMA(period);
  let prev = Number.NaN;
  for (const c of candles) {
    prev = ema.value;
    ema.update(c.close);
  }
  return [prev, ema.value];
}

export function atr(candles: readonly Bar[], period: number): number {
  const a = new ATR(period);
  for (const c of candles) a.updateBar(c.high, c.low, c.close);
  return a.value;
}

export function rsi(candles: readonly Bar[], period: number): number {
  const r = new RSI(period);
  for (const c of candles) r.update(c.close);
  return r.value;
}

export interface Bands {
  upper: number;
  middle: number;
  lower: number;
}

export function bollinger(candles: readonly Bar[], period: number, k: number): Bands {
  const b = new BollingerBands(period, k);
  for (const c of candles) b.update(c.close);
  return { upper: b.upper, middle: b.middle, lower: b.lower };
}

/**
 * Donchian channel of the `period` bars before the last one (the last bar is the one tested against
 * it): highest high and lowest low. NaN with fewer than period + 1 bars.
 */
export function donchianBefore(candles: readonly Bar[], period: number): { high: number; low: number } {
  const n = candles.length;
  if (n < period + 1) return { high: Number.NaN, low: Number.NaN };
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  for (let i = n - 1 - period; i < n - 1; i++) {
    const c = candles[i]!;
    if (c.high > high) high = c.high;
    if (c.low < low) low = c.low;
  }
  return { high, low };
}

export const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
