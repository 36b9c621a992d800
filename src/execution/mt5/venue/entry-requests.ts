import type { Order } from "../../../model/order.js";
import type { BridgeRequest } from "../protocol/messages.js";

type Fields<C extends BridgeRequest["cmd"]> = Omit<Extract<BridgeRequest, { cmd: C }>, "cmd" | "requestId">;

/** Levels the order sets (NaN: none), as the protocol's optional fields. */
function levels(order: Order): { sl?: number; tp?: number } {
  return {
    ...(Number.isNaN(order.sl) ? {} : { sl: order.sl }),
    ...(Number.isNaN(order.tp) ? {} : { tp: order.tp }),
  };
}

/** The TRADE of a market entry. `comment` is the tag the bridge stamps the request id after. */
export function tradeFields(order: Order, comment: string): Fields<"TRADE"> {
  const direction = order.side === "buy" ? "BUY" : "SELL";
  return { symbol: order.symbol, direction, volume: order.volume, ...levels(order), comment };
}

/** The ORDER of a limit or stop entry; an order without an expiry is good till cancelled. */
export function orderFields(order: Order, comment: string): Fields<"ORDER"> {
  return {
    symbol: order.symbol,
    direction: order.side === "buy" ? "BUY" : "SELL",
    kind: order.type === "limit" ? "LIMIT" : "STOP",
    volume: order.volume,
    price: order.price,
    ...levels(order),
    ...(Number.isFinite(order.expiresAt) ? { expiry: Math.round(order.expiresAt) } : {}),
    comment,
  };
}
