import type { OrderIntent } from "../../model/intent.js";
import type { Bar } from "../../model/market-data.js";
import type { Strategy, StrategyContext } from "../../strategies/strategy.js";

/** An intent the strategy proposed on a bar (the bar's open time), as JSON so runs compare exactly. */
export interface RecordedSignal {
  barTime: number;
  intent: string;
}

/** What one run of a strategy proposed and its indicator values after every bar, by the bar's open time. */
export class SignalRecording {
  readonly signals: RecordedSignal[] = [];
  readonly indicators = new Map<number, Readonly<Record<string, number>>>();

  signalsAt(barTime: number): string[] {
    return this.signals.filter((s) => s.barTime === barTime).map((s) => s.intent);
  }
}

/**
 * Wraps a strategy so that every intent it submits from a bar, and its indicator values after each bar,
 * are recorded; everything else passes through unchanged (the same kernel, the same risk layer).
 */
export function recordingStrategy(inner: Strategy, rec: SignalRecording): Strategy {
  let barTime = Number.NaN;
  let wrapped: StrategyContext | undefined;
  let wrappedFor: StrategyContext | undefined;
  const ctxFor = (ctx: StrategyContext): StrategyContext => {
    if (wrappedFor !== ctx) {
      wrappedFor = ctx;
      wrapped = new Proxy(ctx, {
        get(target, prop) {
          if (prop === "submit")
            return (intent: OrderIntent) => {
              // intents from a fill or an order update (no bar) are not the bar's signal
              if (!Number.isNaN(barTime)) rec.signals.push({ barTime, intent: JSON.stringify(intent) });
              return target.submit(intent);
            };
          const v = Reflect.get(target, prop, target) as unknown;
          return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    }
    return wrapped!;
  };
  const s: Strategy = {
    name: inner.name,
    subscriptions: inner.subscriptions,
    onBar(bar: Bar, ctx: StrategyContext) {
      barTime = bar.time;
      inner.onBar?.(bar, ctxFor(ctx));
      const values = inner.indicators?.();
      if (values !== undefined) rec.indicators.set(bar.time, { ...values });
      barTime = Number.NaN;
    },
  };
  if (inner.onStart) s.onStart = (ctx) => inner.onStart!(ctxFor(ctx));
  if (inner.onTick) s.onTick = (symbol, tick, ctx) => inner.onTick!(symbol, tick, ctxFor(ctx));
  if (inner.onOrderUpdate) s.onOrderUpdate = (o, ctx) => inner.onOrderUpdate!(o, ctxFor(ctx));
  if (inner.onFill) s.onFill = (f, ctx) => inner.onFill!(f, ctxFor(ctx));
  if (inner.onStop) s.onStop = (ctx) => inner.onStop!(ctxFor(ctx));
  return s;
}
