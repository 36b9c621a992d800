import type { OrderIntent } from "../model/intent.js";

/** Typed reasons for a denial (the risk issue adds the prop-firm and pre-trade rules). */
export type DenialCode =
  | "TRADING_HALTED"
  | "REDUCING_ONLY"
  | "STOP_LOSS_REQUIRED"
  | "RISK_TOO_SMALL"
  | "MAX_POSITIONS"
  | "CORRELATION"
  | "FLOOR_BREACH"
  | "DUPLICATE_ORDER"
  | "RATE_LIMIT"
  | "MARKET_CLOSED"
  | "INVALID_VOLUME"
  | "INVALID_PRICE"
  | "POSITION_NOT_FOUND";

export type RiskDecision =
  | { approved: true; intent: OrderIntent }
  | { approved: false; code: DenialCode; reason: string };

/**
 * Every intent passes here on its way to becoming an order. A gate may approve it unchanged, approve an
 * adjusted copy (a smaller volume, say) or deny it with a code; it never throws for a business reason.
 */
export interface RiskGate {
  evaluate(intent: OrderIntent, source: string, now: number): RiskDecision;
  /** market data, so that rules can follow equity and prices; optional */
  onTick?(sym: number, time: number, bid: number, ask: number): void;
}

/** Approves everything: the kernel's default until the risk layer is configured. */
export class PassThroughRisk implements RiskGate {
  evaluate(intent: OrderIntent): RiskDecision {
    return { approved: true, intent };
  }
}
