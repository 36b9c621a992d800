import type { Denial, PreTradeRule, TradeCheck } from "./pre-trade-rule.js";

/** The same source, symbol and direction again within the cooldown is a duplicate (5 minutes by default). */
export class DuplicateOrderRule implements PreTradeRule {
  readonly name = "duplicate-order";
  private readonly last = new Map<string, number>();

  constructor(private readonly cooldownMs: number) {}

  check(c: TradeCheck): Denial | undefined {
    const at = this.last.get(key(c));
    if (at !== undefined && c.now - at < this.cooldownMs) {
      return {
        code: "DUPLICATE_ORDER",
        reason: `${c.source} already sent ${c.intent.side} ${c.intent.symbol} ${Math.round((c.now - at) / 1000)} s ago (cooldown ${this.cooldownMs / 1000} s)`,
      };
    }
    return undefined;
  }

  onApproved(c: TradeCheck): void {
    this.last.set(key(c), c.now);
  }
}

const key = (c: TradeCheck): string => `${c.source}\u0000${c.intent.symbol}\u0000${c.intent.side}`;
