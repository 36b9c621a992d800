import { ATR } from "../../indicators/atr.js";
import type { Bar, Timeframe } from "../../model/market-data.js";
import type { Strategy, StrategyContext, Subscription } from "../../strategies/strategy.js";
import type { Candidate } from "./candidate-schema.js";
import { type SignalFn, signalFor } from "./rule-signals.js";

/** ATR period used for the candidates' stops and targets. */
const RULE_ATR_PERIOD = 14;

/**
 * One structured candidate as a bar strategy (M5 by default). On each closed bar it updates the family's
 * signal and an ATR(14); flat and a signal → a market order in its direction with the stop `stopAtr`·ATR
 * and the target `targetAtr`·ATR from the close; a position closes on its family's exit (the opposite
 * cross, RSI back at 50, the opposite channel). A close does not reverse on the same bar: the next entry
 * waits for the next signal once flat. Volume is 0 — the risk layer sizes from the stop. Nothing is
 * opened before the ATR is ready, and nothing while an order is working.
 */
export class RuleStrategy implements Strategy {
  readonly name: string;
  readonly subscriptions: readonly Subscription[];
  private readonly signal: SignalFn;
  private readonly atr = new ATR(RULE_ATR_PERIOD);

  constructor(
    readonly candidate: Candidate,
    timeframe: Timeframe = "M5",
    name = candidate.name,
  ) {
    this.name = name;
    this.subscriptions = [{ symbol: candidate.asset, timeframe }];
    this.signal = signalFor(candidate);
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const atr = this.atr.updateBar(bar.high, bar.low, bar.close);
    const s = this.signal(bar);
    const symbol = this.candidate.asset;
    if (ctx.openOrders(symbol).length > 0) return;
    const pos = ctx.positions(symbol)[0];
    if (pos !== undefined) {
      if ((pos.side === "buy" && s.exitLong) || (pos.side === "sell" && s.exitShort))
        ctx.submit({ kind: "close", symbol, tag: this.candidate.family });
      return;
    }
    if (s.enter === 0 || !this.atr.ready || !(atr > 0)) return;
    const { stopAtr, targetAtr } = this.candidate.params;
    const d = s.enter;
    ctx.submit({
      kind: "open",
      symbol,
      side: d > 0 ? "buy" : "sell",
      orderType: "market",
      volume: 0,
      sl: bar.close - d * stopAtr * atr,
      tp: bar.close + d * targetAtr * atr,
      tag: this.candidate.family,
    });
  }
}
