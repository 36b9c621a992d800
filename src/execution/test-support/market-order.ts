import type { Order } from "../../model/order.js";

/** A market buy of XAUUSD as the order manager hands it to a venue (tests of venues and bridges). */
export function marketOrder(id: string, at: number, extra: Partial<Order> = {}): Order {
  return {
    id,
    source: "bot",
    symbol: "XAUUSD",
    side: "buy",
    type: "market",
    volume: 0.1,
    price: Number.NaN,
    sl: 1990,
    tp: Number.NaN,
    closesPositionId: undefined,
    expiresAt: Number.POSITIVE_INFINITY,
    tag: "HYDRA_Test",
    createdAt: at,
    state: "initialized",
    updatedAt: at,
    fillPrice: Number.NaN,
    reason: "",
    ...extra,
  };
}
