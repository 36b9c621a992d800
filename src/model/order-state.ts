import { HydraError } from "../core/errors.js";

export type OrderState =
  | "initialized"
  | "denied"
  | "submitted"
  | "accepted"
  | "rejected"
  | "canceled"
  | "expired"
  | "filled";

export type OrderEvent = "deny" | "submit" | "accept" | "reject" | "cancel" | "expire" | "fill";

/**
 * The order lifecycle as data. Market orders go submitted → filled directly (fill-or-kill, no partial
 * fills); pending (limit/stop) orders are accepted first and then filled, canceled or expired.
 * Anything not in this table is an illegal transition.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderState, Partial<Record<OrderEvent, OrderState>>>> = {
  initialized: { deny: "denied", submit: "submitted" },
  submitted: { accept: "accepted", reject: "rejected", fill: "filled", cancel: "canceled" },
  accepted: { fill: "filled", cancel: "canceled", expire: "expired", reject: "rejected" },
  denied: {},
  rejected: {},
  canceled: {},
  expired: {},
  filled: {},
};

export function isTerminal(state: OrderState): boolean {
  return Object.keys(ORDER_TRANSITIONS[state]).length === 0;
}

export function nextOrderState(state: OrderState, event: OrderEvent, orderId = "?"): OrderState {
  const next = ORDER_TRANSITIONS[state][event];
  if (next === undefined) {
    throw new HydraError("ORDER_TRANSITION", `order ${orderId}: cannot ${event} an order that is ${state}`, {
      orderId,
      state,
      event,
    });
  }
  return next;
}
