import type { Denial, PreTradeRule, TradeCheck } from "./pre-trade-rule.js";

const MINUTE = 60_000;

/** At most N new orders a minute per source and M for the whole account (sliding window). */
export class RateLimitRule implements PreTradeRule {
  readonly name = "rate-limit";
  private readonly bySource = new Map<string, number[]>();
  private readonly account: number[] = [];

  constructor(
    private readonly perSource: number,
    private readonly perAccount: number,
  ) {}

  check(c: TradeCheck): Denial | undefined {
    const mine = prune(this.bySource.get(c.source) ?? [], c.now);
    prune(this.account, c.now);
    if (mine.length >= this.perSource) {
      return {
        code: "RATE_LIMIT",
        reason: `${c.source} sent ${mine.length} orders in the last minute (limit ${this.perSource})`,
      };
    }
    if (this.account.length >= this.perAccount) {
      return {
        code: "RATE_LIMIT",
        reason: `the account sent ${this.account.length} orders in the last minute (limit ${this.perAccount})`,
      };
    }
    return undefined;
  }

  onApproved(c: TradeCheck): void {
    const mine = this.bySource.get(c.source) ?? [];
    mine.push(c.now);
    this.bySource.set(c.source, mine);
    this.account.push(c.now);
  }
}

function prune(times: number[], now: number): number[] {
  while (times.length > 0 && now - times[0]! >= MINUTE) times.shift();
  return times;
}
