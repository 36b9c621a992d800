import type { Side } from "./side.js";

export type OrderType = "market" | "limit" | "stop";

/** What a strategy or engine proposes. The risk layer turns it into an order or a denial. */
export type OrderIntent = OpenIntent | CloseIntent | ModifyIntent | CancelIntent;

export interface OpenIntent {
  kind: "open";
  symbol: string;
  side: Side;
  orderType: OrderType;
  volume: number;
  /** trigger/limit price for pending orders */
  price?: number;
  sl?: number;
  tp?: number;
  /** pending orders only: expire at this time (epoch ms) */
  expiresAt?: number;
  tag?: string;
}

export interface CloseIntent {
  kind: "close";
  symbol: string;
  /** a single position; all of the source's positions on the symbol when omitted */
  positionId?: string;
  /** partial close; the whole position when omitted */
  volume?: number;
  tag?: string;
}

interface ModifyIntent {
  kind: "modify";
  positionId: string;
  /** null removes the level; undefined keeps it */
  sl?: number | null;
  tp?: number | null;
}

interface CancelIntent {
  kind: "cancel";
  orderId: string;
}
