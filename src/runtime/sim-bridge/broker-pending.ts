import { roundToTick } from "../../core/rounding.js";
import type { BridgeRequest, ReplyData } from "../../execution/mt5/protocol/messages.js";
import { MT5_COMMENT_MAX, magicOf, stampComment } from "../../execution/mt5/protocol/order-tag.js";
import { RETCODE } from "../../execution/mt5/protocol/retcodes.js";
import type { Order } from "../../model/order.js";
import { type BrokerBook, checkOrder, fail, type OrderOutcome } from "./broker-orders.js";
import { type BrokerReply, errorReply, okReply } from "./broker-types.js";

type OrderReq = Extract<BridgeRequest, { cmd: "ORDER" }>;
type CancelReq = Extract<BridgeRequest, { cmd: "CANCEL" }>;
type PendingOrderData = ReplyData<"ORDERS">["orders"][number];

/** A pending order as the broker keeps it: the venue's order, MT5's ticket, comment and magic. */
interface PendingMeta {
  ticket: number;
  order: Order;
  comment: string;
  magic: number;
}

/**
 * ORDER, CANCEL and ORDERS on the simulated venue, as an MT5 server treats TRADE_ACTION_PENDING and
 * TRADE_ACTION_REMOVE: a limit rests on the better side of the market, a stop on the worse side (10015
 * otherwise), stops on the right side of the order's price (10016), an expiry in the future (10022). The
 * venue triggers and expires the order on its ticks; a fill is a deal whose `order` is the ticket. Every
 * order placed is kept (MT5's order history), so that its comment can be found after it left.
 */
export class BrokerPending {
  private readonly byId = new Map<string, PendingMeta>();
  private readonly byTicket = new Map<number, PendingMeta>();

  constructor(
    private readonly broker: BrokerBook,
    private readonly nextNumber: () => number,
  ) {}

  numberOf(orderId: string): number | undefined {
    return this.byId.get(orderId)?.ticket;
  }

  meta(orderId: string): { comment: string; magic: number } | undefined {
    return this.byId.get(orderId);
  }

  /** The ticket of an order ever placed whose comment ends with `suffix` (working or gone), if any. */
  ticketWithComment(suffix: string): number | undefined {
    for (const m of this.byTicket.values()) if (m.comment.endsWith(suffix)) return m.ticket;
    return undefined;
  }

  order(req: OrderReq, now: number): OrderOutcome {
    const id = req.requestId;
    const checked = checkOrder(this.broker, req.symbol, req.volume, now, id);
    if ("reply" in checked) return checked;
    const { spec, bid, ask } = checked;
    const buy = req.direction === "BUY";
    const limit = req.kind === "LIMIT";
    const tick = (v: number | undefined): number =>
      v === undefined ? Number.NaN : roundToTick(v, spec.tickSize);
    const price = tick(req.price);
    const market = buy ? ask : bid;
    // a buy limit and a sell stop rest below the market, a buy stop and a sell limit above it
    if (limit === buy ? price >= market : price <= market)
      return fail(
        id,
        RETCODE.INVALID_PRICE,
        `invalid price: ${req.direction} ${req.kind} ${price} at ${market}`,
      );
    const sl = tick(req.sl);
    const tp = tick(req.tp);
    const dir = buy ? 1 : -1;
    if (dir * (price - sl) <= 0 || dir * (tp - price) <= 0)
      return fail(
        id,
        RETCODE.INVALID_STOPS,
        `invalid stops for a ${req.direction} at ${price}: sl ${sl} tp ${tp}`,
      );
    if (req.expiry !== undefined && req.expiry <= now)
      return fail(id, RETCODE.INVALID_EXPIRATION, `invalid expiration ${req.expiry}: not after ${now}`);
    const tag = req.comment ?? "";
    const comment = id === undefined ? tag.slice(0, MT5_COMMENT_MAX) : stampComment(tag, id);
    const magic = id === undefined ? (req.magic ?? 0) : magicOf(id);
    const ticket = this.nextNumber();
    const order: Order = {
      id: `O${ticket}`,
      source: "bridge",
      symbol: spec.symbol,
      side: buy ? "buy" : "sell",
      type: limit ? "limit" : "stop",
      volume: req.volume,
      price,
      sl,
      tp,
      closesPositionId: undefined,
      expiresAt: req.expiry ?? Number.POSITIVE_INFINITY,
      tag: comment,
      createdAt: now,
      state: "initialized",
      updatedAt: now,
      fillPrice: Number.NaN,
      reason: "",
    };
    const meta: PendingMeta = { ticket, order, comment, magic };
    this.byId.set(order.id, meta);
    this.byTicket.set(ticket, meta);
    this.broker.venue.submit(order);
    if (order.state !== "accepted") return fail(id, RETCODE.REJECT, `rejected: ${order.reason}`);
    const ok = okReply(id, {
      order: ticket,
      price,
      volume: req.volume,
      retcode: RETCODE.DONE,
      comment,
      magic,
    });
    return { reply: ok, cached: ok, executed: true };
  }

  /** Removes a working order; any other ticket (gone, filled, expired, never placed) is NOT_FOUND. */
  cancel(req: CancelReq, now: number): BrokerReply {
    const meta = this.byTicket.get(req.order);
    if (meta === undefined || !working(meta.order, now))
      return errorReply(req.requestId, "NOT_FOUND", `no working pending order ${req.order}`);
    this.broker.venue.cancel(meta.order.id, "canceled by CANCEL");
    return okReply(req.requestId, { order: req.order, retcode: RETCODE.DONE });
  }

  /** The working orders, oldest first. One whose expiry has come is gone (the venue retires it on its next tick). */
  list(symbol: string | undefined, now: number): PendingOrderData[] {
    const out: PendingOrderData[] = [];
    for (const { ticket, order: o, comment, magic } of this.byTicket.values()) {
      if (!working(o, now) || (symbol !== undefined && o.symbol !== symbol)) continue;
      out.push({
        order: ticket,
        symbol: o.symbol,
        direction: o.side === "buy" ? "BUY" : "SELL",
        kind: o.type === "limit" ? "LIMIT" : "STOP",
        volume: o.volume,
        price: o.price,
        sl: Number.isNaN(o.sl) ? null : o.sl,
        tp: Number.isNaN(o.tp) ? null : o.tp,
        expiry: Number.isFinite(o.expiresAt) ? o.expiresAt : null,
        time: Math.round(o.createdAt),
        comment,
        magic,
      });
    }
    return out;
  }
}

function working(o: Order, now: number): boolean {
  return o.state === "accepted" && o.expiresAt > now;
}
