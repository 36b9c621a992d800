import type { Fill } from "../model/fill.js";
import type { OrderIntent } from "../model/intent.js";
import type { MarginCallEvent } from "../model/margin-call-event.js";
import type { Bar } from "../model/market-data.js";
import type { Order } from "../model/order.js";
import type { DenialCode } from "../model/order-codes.js";
import type { ClosedTrade } from "../model/position.js";
import type { StopOutEvent } from "../model/stop-out-event.js";

export interface OrderDenied {
  time: number;
  source: string;
  intent: OrderIntent;
  code: DenialCode;
  reason: string;
}

/** Everything the kernel does, for recorders, persistence, metrics and the dashboard. All optional. */
export interface KernelObserver {
  onBar?(bar: Bar): void;
  onOrderUpdate?(order: Readonly<Order>): void;
  onFill?(fill: Readonly<Fill>): void;
  onTradeClosed?(trade: Readonly<ClosedTrade>): void;
  onDenied?(denied: OrderDenied): void;
  /** the broker's stop-out closed a position (its fill follows) */
  onStopOut?(event: StopOutEvent): void;
  /** the account entered the margin call, or was seen out of it again */
  onMarginCall?(event: MarginCallEvent): void;
}
