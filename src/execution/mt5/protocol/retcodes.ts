/** MetaTrader 5 trade server return codes the bridge passes through (MqlTradeResult.retcode). */
export const RETCODE = {
  REQUOTE: 10004,
  REJECT: 10006,
  DONE: 10009,
  DONE_PARTIAL: 10010,
  ERROR: 10011,
  TIMEOUT: 10012,
  INVALID: 10013,
  INVALID_VOLUME: 10014,
  INVALID_PRICE: 10015,
  INVALID_STOPS: 10016,
  TRADE_DISABLED: 10017,
  MARKET_CLOSED: 10018,
  NO_MONEY: 10019,
  PRICE_CHANGED: 10020,
  PRICE_OFF: 10021,
  /** a pending order's expiry is in the past, or the symbol does not allow it */
  INVALID_EXPIRATION: 10022,
  TOO_MANY_REQUESTS: 10024,
  AUTOTRADING_DISABLED: 10027,
  CONNECTION: 10031,
  ONLY_REAL: 10032,
  LIMIT_ORDERS: 10033,
  INVALID_FILL: 10030,
} as const;

/**
 * Retcodes after which the order's fate is unknown (the request may have reached the trade server):
 * such a TRADE is never resent blindly but reconciled.
 */
export const UNKNOWN_OUTCOME_RETCODES: ReadonlySet<number> = new Set([
  RETCODE.TIMEOUT,
  RETCODE.CONNECTION,
  RETCODE.ERROR,
]);

/** Retcodes that say the order certainly did not execute. */
export function definitelyRejected(retcode: number): boolean {
  return (
    retcode !== RETCODE.DONE && retcode !== RETCODE.DONE_PARTIAL && !UNKNOWN_OUTCOME_RETCODES.has(retcode)
  );
}
