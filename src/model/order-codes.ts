/**
 * Why an intent was denied before it became an order: by the risk layer (its pre-trade rules, the
 * trading state) or by the order manager (a volume or price that cannot be sent). Typed end to end, from
 * the rule through `SubmitResult` and `OrderDenied` to the logs and metrics; callers decide by code.
 */
export const DENIAL_CODES = [
  "TRADING_HALTED",
  "REDUCING_ONLY",
  "NO_PRICE",
  "STOP_LOSS_REQUIRED",
  "RISK_TOO_SMALL",
  "NO_MARGIN",
  "MAX_POSITIONS",
  "CORRELATION",
  "FLOOR_BREACH",
  "DUPLICATE_ORDER",
  "RATE_LIMIT",
  "MARKET_CLOSED",
  "INVALID_VOLUME",
  "INVALID_PRICE",
  "POSITION_NOT_FOUND",
  // what the venue declares it cannot do (its capabilities): a pending order, a stop modification
  "UNSUPPORTED_BY_VENUE",
  // refusals by a layer around a strategy: a bot standing aside in a volatility regime (metalearning
  // L2), a turbo candidate warming up on history with its orders muted
  "STAND_ASIDE",
  "WARMING_UP",
] as const;
export type DenialCode = (typeof DENIAL_CODES)[number];

/** Why an order that was sent ended without a fill (`Order.code`; `Order.reason` says it in words). */
export type OrderEndCode =
  // the simulated venue's checks
  | "NO_MONEY"
  | "INVALID_STOPS"
  | "INVALID_VOLUME"
  | "INVALID_PRICE"
  | "POSITION_NOT_FOUND"
  // MT5: an order type the bridge protocol has no command for, a broker's refusal, and an order in
  // flight that reconciliation found was never executed
  | "UNSUPPORTED_ORDER_TYPE"
  | "BROKER_REJECTED"
  | "NOT_EXECUTED"
  | "CANCELED"
  | "EXPIRED";
