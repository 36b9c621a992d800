import type { Order } from "../../../model/order.js";
import type { OrderEndCode } from "../../../model/order-codes.js";
import type { BridgeClient } from "../client/bridge-client.js";
import { BridgeReplyError } from "../client/bridge-errors.js";
import type { DealData, ReplyData } from "../protocol/messages.js";
import { requestIdOfComment } from "../protocol/order-tag.js";

/** A pending order (limit or stop) the broker has accepted and keeps working under its ticket. */
export interface WorkingOrder {
  order: Order;
  requestId: string;
  ticket: number;
  /** a cancel was asked for: why (what the order records once the broker confirms) */
  cancelReason?: string;
}

type PendingOrderData = ReplyData<"ORDERS">["orders"][number];
type PositionData = ReplyData<"POSITIONS">["positions"][number];

/** What the reconciliation of pending orders needs of the live venue. */
export interface WorkingOrderTarget {
  readonly working: ReadonlyMap<string, WorkingOrder>;
  /** the broker's ticket (position id) of a filled pending order, its fill price, volume, time and commission */
  fillWorking(
    w: WorkingOrder,
    ticket: number,
    price: number,
    volume: number,
    time: number,
    commission?: number,
  ): void;
  /** the order left the broker without a fill */
  endWorking(w: WorkingOrder, event: "cancel" | "expire", code: OrderEndCode, reason: string): void;
  /** the broker's (market) clock */
  marketNow(): number;
}

/**
 * How far the node's market clock may be behind the broker's: an order with an expiry that left the broker
 * without a deal this close to its expiry (or after it) expired; earlier, it was removed.
 */
const EXPIRY_SKEW_MS = 60_000;

/**
 * Working orders against the broker's own list (ORDERS, asked before HISTORY so that an order cannot fill
 * unseen between the two): one still listed keeps working; one gone with a deal of its ticket (or a position
 * carrying its request id) filled and opened that position; one gone without is expired (at or near its
 * expiry) or was canceled (by us, by hand, by the broker). Returns the ids of the orders filled and ended.
 */
export function reconcileWorking(
  venue: WorkingOrderTarget,
  listed: readonly PendingOrderData[],
  positions: readonly PositionData[],
  deals: readonly DealData[],
): { filled: string[]; ended: string[] } {
  const out = { filled: [] as string[], ended: [] as string[] };
  const working = new Set(listed.map((o) => o.order));
  for (const w of [...venue.working.values()]) {
    if (working.has(w.ticket)) continue;
    const deal = dealOfWorking(deals, w);
    const position = positions.find((p) => requestIdOfComment(p.comment) === w.requestId);
    if (deal !== undefined || position !== undefined) {
      venue.fillWorking(
        w,
        deal?.positionId ?? position!.ticket,
        deal?.price ?? position!.openPrice,
        deal?.volume ?? position!.volume,
        deal?.time ?? position!.openTime,
        Math.abs(deal?.commission ?? 0),
      );
      out.filled.push(w.order.id);
      continue;
    }
    out.ended.push(w.order.id);
    if (w.cancelReason === undefined && venue.marketNow() >= w.order.expiresAt - EXPIRY_SKEW_MS)
      venue.endWorking(w, "expire", "EXPIRED", "expired at the broker");
    else venue.endWorking(w, "cancel", "CANCELED", w.cancelReason ?? "removed at the broker");
  }
  return out;
}

/**
 * The broker's word on the working orders alone (POSITIONS, ORDERS, HISTORY since the oldest was placed):
 * what the venue asks when one of them reaches its expiry, instead of waiting for the next reconciliation.
 */
export async function checkWorking(
  venue: WorkingOrderTarget,
  client: BridgeClient,
): Promise<{ filled: string[]; ended: string[] }> {
  let oldest = venue.marketNow();
  for (const w of venue.working.values()) oldest = Math.min(oldest, w.order.createdAt);
  const [{ positions }, { orders }, { deals }] = await Promise.all([
    client.call("POSITIONS", {}),
    client.call("ORDERS", {}),
    client.call("HISTORY", { since: Math.max(0, oldest - 60_000) }),
  ]);
  return reconcileWorking(venue, orders, positions, deals);
}

/** The order's fill among deals: the IN deal whose `order` is the working order's ticket. */
function dealOfWorking(deals: readonly DealData[], w: WorkingOrder): DealData | undefined {
  return deals.find((d) => d.entry === "IN" && d.order === w.ticket);
}

/**
 * CANCEL at the broker (safe to resend: the client retries it after a timeout). Confirmed, the order is
 * canceled. NOT_FOUND means it is gone already — removed by an earlier delivery, expired, or filled: its
 * deal in HISTORY tells which. Any other failure leaves it working; the next reconciliation decides.
 */
export async function cancelAtBroker(
  venue: WorkingOrderTarget,
  client: BridgeClient,
  w: WorkingOrder,
  log?: (line: string) => void,
): Promise<void> {
  const reason = w.cancelReason ?? "canceled";
  try {
    try {
      await client.call("CANCEL", { order: w.ticket });
    } catch (e) {
      if (!(e instanceof BridgeReplyError && e.replyCode === "NOT_FOUND")) throw e;
      const since = Math.max(0, Math.min(w.order.createdAt, venue.marketNow()) - 60_000);
      const deal = dealOfWorking((await client.call("HISTORY", { since })).deals, w);
      if (deal !== undefined) {
        venue.fillWorking(w, deal.positionId, deal.price, deal.volume, deal.time, Math.abs(deal.commission));
        return;
      }
    }
    venue.endWorking(w, "cancel", "CANCELED", reason);
  } catch (e) {
    log?.(
      `mt5 venue: CANCEL of ${w.order.id} (order ${w.ticket}) failed, still working until reconciled: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
