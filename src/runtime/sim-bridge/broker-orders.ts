import type { BridgeRequest } from "../../execution/mt5/protocol/messages.js";
import { MT5_COMMENT_MAX, magicOf, stampComment } from "../../execution/mt5/protocol/order-tag.js";
import { RETCODE, UNKNOWN_OUTCOME_RETCODES } from "../../execution/mt5/protocol/retcodes.js";
import type { SimVenue } from "../../execution/sim/sim-venue.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import type { Order } from "../../model/order.js";
import type { Side } from "../../model/side.js";
import type { TicketMeta } from "./broker-types.js";
import { type BrokerReply, errorReply, okReply } from "./broker-types.js";

/** What order handling needs of the broker (kept narrow so that the broker can own this module). */
export interface BrokerBook {
  readonly venue: SimVenue;
  readonly instruments: InstrumentTable;
  ticket(ticket: number): TicketMeta | undefined;
  quote(sym: number): { bid: number; ask: number; time: number } | undefined;
  isOpen(sym: number, time: number): boolean;
}

type TradeReq = Extract<BridgeRequest, { cmd: "TRADE" }>;
type CloseReq = Extract<BridgeRequest, { cmd: "CLOSE" }>;

/** An order's outcome: the reply, and whether something executed (only then is the id cached). */
export interface OrderOutcome {
  reply: BrokerReply;
  /** the reply a repeated request id gets */
  cached: BrokerReply;
  executed: boolean;
}

const REJECT_RETCODE: Readonly<Record<string, number>> = {
  INVALID_STOPS: RETCODE.INVALID_STOPS,
  NO_MONEY: RETCODE.NO_MONEY,
  INVALID_VOLUME: RETCODE.INVALID_VOLUME,
  INVALID_PRICE: RETCODE.INVALID_PRICE,
  POSITION_NOT_FOUND: RETCODE.INVALID,
};

/**
 * TRADE and CLOSE on the simulated venue: a market order is submitted and filled at once by feeding
 * the venue the last quote again (the venue fills queued market orders on the next price event).
 */
export class BrokerOrders {
  private readonly numbers = new Map<string, number>();
  private readonly metas = new Map<string, { comment: string; magic: number }>();

  constructor(
    private readonly broker: BrokerBook,
    private readonly nextNumber: () => number,
  ) {}

  numberOf(orderId: string): number | undefined {
    return this.numbers.get(orderId);
  }

  pendingMeta(orderId: string): { comment: string; magic: number } {
    return this.metas.get(orderId) ?? { comment: "", magic: 0 };
  }

  trade(req: TradeReq, now: number, forceRetcode: number | undefined): OrderOutcome {
    const id = req.requestId;
    const checked = checkOrder(this.broker, req.symbol, req.volume, now, id);
    if ("reply" in checked) return checked;
    const { sym, spec, bid, ask } = checked;
    const forced = forceRetcode !== undefined && forceRetcode !== RETCODE.DONE ? forceRetcode : undefined;
    if (forced !== undefined && !UNKNOWN_OUTCOME_RETCODES.has(forced))
      return fail(id, forced, `forced retcode ${forced}`);
    const buy = req.direction === "BUY";
    const exit = buy ? bid : ask;
    const sl = req.sl ?? Number.NaN;
    const tp = req.tp ?? Number.NaN;
    if ((buy && (sl >= exit || tp <= exit)) || (!buy && (sl <= exit || tp >= exit)))
      return fail(id, RETCODE.INVALID_STOPS, `invalid stops: sl ${req.sl} tp ${req.tp} at ${exit}`);
    const tag = req.comment ?? "";
    const comment = id === undefined ? tag.slice(0, MT5_COMMENT_MAX) : stampComment(tag, id);
    const magic = id === undefined ? (req.magic ?? 0) : magicOf(id);
    const order = this.submit(spec.symbol, buy ? "buy" : "sell", req.volume, sl, tp, undefined, now, comment);
    this.metas.set(order.id, { comment, magic });
    this.broker.venue.onTick(sym, now, bid, ask);
    this.metas.delete(order.id);
    if (order.state !== "filled") {
      const retcode = REJECT_RETCODE[order.reason] ?? RETCODE.REJECT;
      return fail(id, retcode, `rejected: ${order.reason}`);
    }
    const ticket = this.numbers.get(order.id)!;
    const data = { ticket, order: ticket, price: order.fillPrice, volume: req.volume, retcode: RETCODE.DONE };
    const ok = okReply(id, { ...data, comment, magic });
    if (forced !== undefined) {
      // Executed, but the answer says the outcome is unknown (like a timeout on a trade that went through).
      return {
        reply: errorReply(id, "MT5_ERROR", `forced retcode ${forced}`, forced),
        cached: ok,
        executed: true,
      };
    }
    return { reply: ok, cached: ok, executed: true };
  }

  close(req: CloseReq, now: number): OrderOutcome {
    const id = req.requestId;
    const meta = this.broker.ticket(req.ticket);
    const position = meta && this.broker.venue.positions().find((p) => p.id === meta.positionId);
    if (meta === undefined || position === undefined)
      return {
        reply: errorReply(id, "NOT_FOUND", `no open position ${req.ticket}`),
        cached: okReply(id, {}),
        executed: false,
      };
    const volume = req.volume ?? position.volume;
    const checked = checkOrder(this.broker, position.symbol, volume, now, id);
    if ("reply" in checked) return checked;
    if (volume > position.volume + 1e-9)
      return fail(id, RETCODE.INVALID_VOLUME, `volume ${volume} is above the position's ${position.volume}`);
    const side: Side = position.side === "buy" ? "sell" : "buy";
    const order = this.submit(
      position.symbol,
      side,
      volume,
      Number.NaN,
      Number.NaN,
      position.id,
      now,
      meta.comment,
    );
    this.broker.venue.onTick(checked.sym, now, checked.bid, checked.ask);
    if (order.state !== "filled")
      return fail(id, REJECT_RETCODE[order.reason] ?? RETCODE.REJECT, `rejected: ${order.reason}`);
    const ok = okReply(id, { ticket: req.ticket, price: order.fillPrice, volume, retcode: RETCODE.DONE });
    return { reply: ok, cached: ok, executed: true };
  }

  private submit(
    symbol: string,
    side: Side,
    volume: number,
    sl: number,
    tp: number,
    closes: string | undefined,
    now: number,
    tag: string,
  ): Order {
    const n = this.nextNumber();
    const order: Order = {
      id: `O${n}`,
      source: "bridge",
      symbol,
      side,
      type: "market",
      volume,
      price: Number.NaN,
      sl,
      tp,
      closesPositionId: closes,
      expiresAt: Number.POSITIVE_INFINITY,
      tag,
      createdAt: now,
      state: "initialized",
      updatedAt: now,
      fillPrice: Number.NaN,
      reason: "",
    };
    this.numbers.set(order.id, n);
    this.broker.venue.submit(order);
    return order;
  }
}

/** Symbol, quote, session and volume checks shared by TRADE, CLOSE and ORDER. */
export function checkOrder(
  b: BrokerBook,
  symbol: string,
  volume: number,
  now: number,
  id: string | undefined,
): OrderOutcome | { sym: number; spec: InstrumentSpec; bid: number; ask: number } {
  if (!b.instruments.has(symbol))
    return notExecuted(errorReply(id, "NOT_FOUND", `symbol ${symbol} is not traded here`));
  const sym = b.instruments.index(symbol);
  const spec = b.instruments.specs[sym]!;
  const q = b.quote(sym);
  if (!b.isOpen(sym, now)) return fail(id, RETCODE.MARKET_CLOSED, `the ${symbol} market is closed`);
  if (q === undefined) return fail(id, RETCODE.PRICE_OFF, `no quote for ${symbol}`);
  const steps = volume / spec.volumeStep;
  if (
    volume < spec.volumeMin - 1e-9 ||
    volume > spec.volumeMax + 1e-9 ||
    Math.abs(steps - Math.round(steps)) > 1e-6
  )
    return fail(
      id,
      RETCODE.INVALID_VOLUME,
      `volume ${volume}: min ${spec.volumeMin}, step ${spec.volumeStep}, max ${spec.volumeMax}`,
    );
  return { sym, spec, bid: q.bid, ask: q.ask };
}

function notExecuted(reply: BrokerReply): OrderOutcome {
  return { reply, cached: reply, executed: false };
}

/** A definite refusal by MT5 (nothing executed, not cached). */
export function fail(id: string | undefined, retcode: number, message: string): OrderOutcome {
  return notExecuted(errorReply(id, "MT5_ERROR", message, retcode));
}
