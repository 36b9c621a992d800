import type { Denial, PreTradeRule, TradeCheck } from "./pre-trade-rule.js";

/** At most N positions at once in the account, counting entry orders still working. */
export class MaxPositionsRule implements PreTradeRule {
  readonly name = "max-positions";

  constructor(private readonly max: number) {}

  check(c: TradeCheck): Denial | undefined {
    const entries = c.openOrders.filter((o) => o.closesPositionId === undefined).length;
    const count = c.ledger.openCount + entries;
    if (count < this.max) return undefined;
    return {
      code: "MAX_POSITIONS",
      reason: `${c.ledger.openCount} positions open and ${entries} entries working (limit ${this.max})`,
    };
  }
}
