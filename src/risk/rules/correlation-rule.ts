import type { InstrumentTable } from "../../model/instrument-table.js";
import type { Bar } from "../../model/market-data.js";
import { RollingReturns } from "../rolling-returns.js";
import type { Denial, PreTradeRule, TradeCheck } from "./pre-trade-rule.js";

/**
 * No new position whose exposure is correlated above `max` with an open one: the correlation of the two
 * symbols' bar returns, signed by both directions (a long EURUSD and a short USDCHF count as the same
 * bet; a hedge does not). The same symbol in the same direction counts as 1. With too little common
 * history (under half the window) the pair is not judged.
 */
export class CorrelationRule implements PreTradeRule {
  readonly name = "correlation";
  private readonly history: RollingReturns[];

  constructor(
    instruments: InstrumentTable,
    private readonly max: number,
    private readonly window: number,
  ) {
    this.history = instruments.specs.map(() => new RollingReturns(window));
  }

  onBar(sym: number, bar: Bar): void {
    this.history[sym]!.add(bar.time, bar.close);
  }

  check(c: TradeCheck): Denial | undefined {
    for (const p of c.ledger.positions) {
      const other = c.instruments.index(p.symbol);
      const corr =
        other === c.sym
          ? 1
          : this.history[c.sym]!.correlation(this.history[other]!, Math.ceil(this.window / 2));
      if (Number.isNaN(corr)) continue;
      const exposure = corr * c.dir * (p.side === "buy" ? 1 : -1);
      if (exposure > this.max) {
        return {
          code: "CORRELATION",
          reason: `${c.intent.side} ${c.intent.symbol} is correlated ${exposure.toFixed(2)} with open ${p.side} ${p.symbol} ${p.id} (limit ${this.max})`,
        };
      }
    }
    return undefined;
  }
}
