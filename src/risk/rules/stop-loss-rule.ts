import type { Denial, PreTradeRule, TradeCheck } from "./pre-trade-rule.js";

/** Every trade carries a stop loss, on the losing side of its entry. */
export class StopLossRule implements PreTradeRule {
  readonly name = "stop-loss";

  check(c: TradeCheck): Denial | undefined {
    const sl = c.intent.sl;
    if (sl === undefined || !Number.isFinite(sl)) {
      return {
        code: "STOP_LOSS_REQUIRED",
        reason: `${c.intent.symbol} ${c.intent.side}: a stop loss is required`,
      };
    }
    if ((sl - c.entry) * c.dir >= 0) {
      return {
        code: "STOP_LOSS_REQUIRED",
        reason: `${c.intent.symbol} ${c.intent.side}: stop ${sl} is on the wrong side of the entry ${c.entry}`,
      };
    }
    return undefined;
  }
}
