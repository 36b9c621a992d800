import { CrossOver } from "../../indicators/cross-over.js";
import { EMA } from "../../indicators/ema.js";
import { RSI } from "../../indicators/rsi.js";
import { RollingExtreme } from "../../indicators/window.js";
import type { Bar } from "../../model/market-data.js";
import type { Candidate } from "./candidate-schema.js";

/** A family's verdict on one bar: which side to open when flat, and whether to close a long / a short. */
interface RuleSignal {
  enter: 1 | -1 | 0;
  exitLong: boolean;
  exitShort: boolean;
}

export type SignalFn = (bar: Bar) => RuleSignal;

const NONE: RuleSignal = { enter: 0, exitLong: false, exitShort: false };

/** Fast/slow EMA cross: open in the cross direction, close on the opposite cross. */
function emaCross(fast: number, slow: number): SignalFn {
  const f = new EMA(fast);
  const s = new EMA(slow);
  const cross = new CrossOver();
  return (bar) => {
    const x = cross.update(f.update(bar.close), s.update(bar.close));
    if (x > 0) return { enter: 1, exitLong: false, exitShort: true };
    if (x < 0) return { enter: -1, exitLong: true, exitShort: false };
    return NONE;
  };
}

/** RSI below `low` → long, above `high` → short; a long closes at RSI ≥ 50, a short at RSI ≤ 50. */
function rsiReversion(period: number, low: number, high: number): SignalFn {
  const rsi = new RSI(period);
  return (bar) => {
    const v = rsi.update(bar.close);
    if (!rsi.ready || Number.isNaN(v)) return NONE;
    return { enter: v < low ? 1 : v > high ? -1 : 0, exitLong: v >= 50, exitShort: v <= 50 };
  };
}

/**
 * Close beyond the previous `channel` bars' high (low) → long (short); a long closes below the
 * channel's low, a short above its high. The current bar is not part of its own channel.
 */
function breakout(channel: number): SignalFn {
  const hi = new RollingExtreme(channel, "max");
  const lo = new RollingExtreme(channel, "min");
  let seen = 0;
  let top = Number.NaN;
  let bottom = Number.NaN;
  return (bar) => {
    const ready = seen >= channel;
    const up = ready && bar.close > top;
    const down = ready && bar.close < bottom;
    top = hi.push(bar.high);
    bottom = lo.push(bar.low);
    seen++;
    return { enter: up ? 1 : down ? -1 : 0, exitLong: down, exitShort: up };
  };
}

/** The bar-by-bar signal of a (schema-valid) candidate. */
export function signalFor(c: Candidate): SignalFn {
  const p = c.params;
  switch (c.family) {
    case "ema-cross":
      return emaCross(p.fast ?? 9, p.slow ?? 21);
    case "rsi-reversion":
      return rsiReversion(p.rsiPeriod ?? 14, p.low ?? 30, p.high ?? 70);
    case "breakout":
      return breakout(p.channel ?? 20);
  }
}
