import { harness } from "../../../kernel/test-support/harness.js";
import type { OpenIntent, OrderIntent } from "../../../model/intent.js";
import { TIMEFRAME_MS, type Timeframe } from "../../../model/market-data.js";
import type { RiskDecision, RiskGate } from "../../../risk/risk-gate.js";
import type { Strategy } from "../../strategy.js";

interface RecordedIntent {
  intent: OrderIntent;
  source: string;
  /** clock time of the submission: the end of the bar that produced it */
  time: number;
}

/** Approves everything and records what it saw; an open of volume 0 (the bots' "size it for me") gets 1 lot. */
class RecordingRisk implements RiskGate {
  readonly intents: RecordedIntent[] = [];
  evaluate(intent: OrderIntent, source: string, now: number): RiskDecision {
    this.intents.push({ intent: { ...intent }, source, time: now });
    const sized = intent.kind === "open" && intent.volume === 0 ? { ...intent, volume: 1 } : intent;
    return { approved: true, intent: sized };
  }
  opens(): Array<OpenIntent & { time: number }> {
    return this.intents.flatMap((r) => (r.intent.kind === "open" ? [{ ...r.intent, time: r.time }] : []));
  }
}

/** [open, high, low, close] or with a volume */
export type Ohlcv =
  | readonly [number, number, number, number]
  | readonly [number, number, number, number, number];

/** A kernel on a test clock running one bot on one symbol, with its intents recorded. */
export function botScenario(symbol: string, bot: Strategy) {
  const risk = new RecordingRisk();
  const h = harness({ symbols: [symbol], strategies: [bot], risk });
  return {
    ...h,
    risk,
    /** feeds consecutive bars from `start` (epoch ms, the first bar's open) */
    feed(tf: Timeframe, start: number, bars: readonly Ohlcv[]): void {
      bars.forEach((b, i) => {
        h.kernel.onBar(0, start + i * TIMEFRAME_MS[tf], tf, b[0], b[1], b[2], b[3], b[4] ?? 0, Number.NaN);
      });
    },
  };
}

/** n bars whose close walks in a straight line from `from` to `to`, each bar `wick` either side of its body. */
export function ramp(from: number, to: number, n: number, wick = 0.1, volume = 0): Ohlcv[] {
  const out: Ohlcv[] = [];
  for (let i = 0; i < n; i++) {
    const o = from + ((to - from) * i) / n;
    const c = from + ((to - from) * (i + 1)) / n;
    out.push([o, Math.max(o, c) + wick, Math.min(o, c) - wick, c, volume]);
  }
  return out;
}
