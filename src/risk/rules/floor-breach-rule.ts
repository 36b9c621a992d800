import type { Position } from "../../model/position.js";
import type { Denial, PreTradeRule, TradeCheck } from "./pre-trade-rule.js";
import { lossPerLot } from "./pre-trade-rule.js";

/** The equity floors in force now (prop-firm daily and maximum loss, guardian limits), highest first. */
export type FloorSource = () => { floor: number; name: string };

/**
 * No new trade whose stop, together with every open position's and working entry's stop, could take
 * equity below a floor: equity now − what each open position loses from here to its stop − each working
 * entry's risk − this trade's risk must stay at or above the floor. A position without a stop makes the
 * worst case unbounded.
 */
export class FloorBreachRule implements PreTradeRule {
  readonly name = "floor-breach";

  constructor(private readonly floors: FloorSource) {}

  check(c: TradeCheck): Denial | undefined {
    const { floor, name } = this.floors();
    if (!Number.isFinite(floor)) return undefined;
    let worst =
      c.ledger.equity -
      c.volume * lossPerLot(c.spec, c.entry, c.intent.sl!, c.ledger.converter.profitRate(c.sym));
    for (const p of c.ledger.positions) {
      const risk = this.openRisk(c, p);
      if (risk === Number.POSITIVE_INFINITY)
        return {
          code: "FLOOR_BREACH",
          reason: `open position ${p.id} has no stop loss: the worst case is unbounded`,
        };
      worst -= risk;
    }
    for (const o of c.openOrders) {
      if (o.closesPositionId !== undefined || Number.isNaN(o.sl)) continue;
      const spec = c.instruments.spec(o.symbol);
      const sym = c.instruments.index(o.symbol);
      const entry = Number.isNaN(o.price)
        ? o.side === "buy"
          ? c.ledger.lastAsk[sym]!
          : c.ledger.lastBid[sym]!
        : o.price;
      worst -= o.volume * lossPerLot(spec, entry, o.sl, c.ledger.converter.profitRate(sym));
    }
    if (worst >= floor) return undefined;
    return {
      code: "FLOOR_BREACH",
      reason: `if every stop is hit equity falls to ${worst.toFixed(2)}, below the ${name} floor ${floor.toFixed(2)}`,
    };
  }

  /** What a position still loses from the current price to its stop, closing commission included. */
  private openRisk(c: TradeCheck, p: Position): number {
    if (Number.isNaN(p.sl)) return Number.POSITIVE_INFINITY;
    const sym = c.instruments.index(p.symbol);
    const spec = c.instruments.specs[sym]!;
    const long = p.side === "buy";
    const mark = long ? c.ledger.lastBid[sym]! : c.ledger.lastAsk[sym]!;
    const move = long ? mark - p.sl : p.sl - mark;
    const rate = c.ledger.converter.profitRate(sym);
    return (move * p.volume * spec.contractSize + p.volume * spec.commissionPerLot) * rate;
  }
}
