import type { OrderType } from "./intent.js";
import type { OrderEndCode } from "./order-codes.js";
import type { OrderState } from "./order-state.js";
import type { Side } from "./side.js";

/** An order as the execution layer tracks it. Prices are NaN where not applicable. */
export interface Order {
  readonly id: string;
  /** the strategy or engine that proposed it */
  readonly source: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly volume: number;
  /** limit/stop price; NaN for market orders */
  readonly price: number;
  readonly sl: number;
  readonly tp: number;
  /** set for orders that close (part of) an existing position */
  readonly closesPositionId: string | undefined;
  readonly expiresAt: number;
  readonly tag: string;
  readonly createdAt: number;
  state: OrderState;
  updatedAt: number;
  fillPrice: number;
  /** why it was rejected, canceled or expired, in words */
  reason: string;
  /** the same as a code (set when it was rejected, canceled or expired) */
  code?: OrderEndCode;
}
