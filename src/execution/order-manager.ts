import { IdSequence } from "../core/ids.js";
import { decimalsOf, floorToStep, roundToTick } from "../core/rounding.js";
import type { InstrumentSpec } from "../model/instrument.js";
import type { InstrumentTable } from "../model/instrument-table.js";
import type { CloseIntent, OpenIntent, OrderIntent } from "../model/intent.js";
import type { Order } from "../model/order.js";
import type { DenialCode } from "../model/order-codes.js";
import { isTerminal } from "../model/order-state.js";
import type { Position } from "../model/position.js";
import type { Venue } from "./venue.js";

const NONE: readonly Order[] = Object.freeze([]);

export type OrderResult =
  | { accepted: true; orderIds: readonly string[] }
  | {
      accepted: false;
      code: Extract<
        DenialCode,
        "INVALID_VOLUME" | "INVALID_PRICE" | "POSITION_NOT_FOUND" | "UNSUPPORTED_BY_VENUE"
      >;
      reason: string;
    };

/**
 * Turns approved intents into orders (volumes floored to the step, prices rounded to the tick), sends
 * them to the venue and tracks the working ones.
 */
export class OrderManager {
  private readonly ids: IdSequence;
  private readonly working = new Map<string, Order>();

  constructor(
    private readonly instruments: InstrumentTable,
    private readonly venue: Venue,
    private readonly positions: () => readonly Position[],
    /** prefix of order ids (a run id: unique across the runs of one database) */
    idPrefix = "",
  ) {
    this.ids = new IdSequence(`${idPrefix}O`);
  }

  submit(intent: OrderIntent, source: string, now: number): OrderResult {
    // what the venue declares it cannot do is denied here, with a code, never sent to fail there
    const can = this.venue.capabilities;
    if (intent.kind === "open" && intent.orderType !== "market" && !can.pendingOrders)
      return {
        accepted: false,
        code: "UNSUPPORTED_BY_VENUE",
        reason: `${this.venue.name} takes market orders only (no ${intent.orderType} orders)`,
      };
    if (intent.kind === "modify" && !can.modifiesStops)
      return {
        accepted: false,
        code: "UNSUPPORTED_BY_VENUE",
        reason: `${this.venue.name} cannot move a position's stop loss or take profit`,
      };
    switch (intent.kind) {
      case "open":
        return this.open(intent, source, now);
      case "close":
        return this.close(intent, source, now);
      case "modify": {
        const p = this.positions().find((x) => x.id === intent.positionId && x.source === source);
        if (p === undefined)
          return {
            accepted: false,
            code: "POSITION_NOT_FOUND",
            reason: `no open position ${intent.positionId}`,
          };
        const spec = this.instruments.spec(p.symbol);
        const level = (v: number | null | undefined, keep: number): number =>
          v === undefined ? keep : v === null ? Number.NaN : roundToTick(v, spec.tickSize);
        this.venue.modifyPosition(p.id, level(intent.sl, p.sl), level(intent.tp, p.tp));
        return { accepted: true, orderIds: [] };
      }
      case "cancel":
        this.venue.cancel(intent.orderId, `canceled by ${source}`);
        return { accepted: true, orderIds: [] };
    }
  }

  /** Keeps the working set current; call for every order update from the venue. */
  onOrderUpdate(order: Order): void {
    if (isTerminal(order.state)) this.working.delete(order.id);
  }

  openOrders(source?: string, symbol?: string): readonly Order[] {
    if (this.working.size === 0) return NONE;
    const out: Order[] = [];
    for (const o of this.working.values()) {
      if ((source === undefined || o.source === source) && (symbol === undefined || o.symbol === symbol))
        out.push(o);
    }
    return out;
  }

  private open(intent: OpenIntent, source: string, now: number): OrderResult {
    const spec = this.instruments.spec(intent.symbol);
    const volume = this.volume(spec, intent.volume);
    if (typeof volume === "string") return { accepted: false, code: "INVALID_VOLUME", reason: volume };
    const pendingPrice = intent.orderType === "market" ? Number.NaN : (intent.price ?? Number.NaN);
    if (intent.orderType !== "market" && !(pendingPrice > 0)) {
      return {
        accepted: false,
        code: "INVALID_PRICE",
        reason: `${intent.orderType} order needs a positive price`,
      };
    }
    const tick = (v: number | undefined): number =>
      v === undefined || Number.isNaN(v) ? Number.NaN : roundToTick(v, spec.tickSize);
    const order = this.make(
      source,
      intent.symbol,
      intent.side,
      intent.orderType,
      volume,
      tick(pendingPrice),
      now,
      {
        sl: tick(intent.sl),
        tp: tick(intent.tp),
        expiresAt: intent.expiresAt ?? Number.POSITIVE_INFINITY,
        tag: intent.tag ?? "",
      },
    );
    this.send(order);
    return { accepted: true, orderIds: [order.id] };
  }

  private close(intent: CloseIntent, source: string, now: number): OrderResult {
    const targets = this.positions().filter(
      (p) =>
        p.source === source &&
        p.symbol === intent.symbol &&
        (intent.positionId === undefined || p.id === intent.positionId),
    );
    if (targets.length === 0) {
      return {
        accepted: false,
        code: "POSITION_NOT_FOUND",
        reason: `no open position of ${source} on ${intent.symbol}`,
      };
    }
    const spec = this.instruments.spec(intent.symbol);
    const ids: string[] = [];
    for (const p of targets) {
      const want =
        intent.volume === undefined
          ? p.volume
          : Math.min(p.volume, floorToStep(intent.volume, spec.volumeStep));
      if (!(want > 0))
        return {
          accepted: false,
          code: "INVALID_VOLUME",
          reason: `close volume ${intent.volume} is below the step`,
        };
      const order = this.make(
        source,
        p.symbol,
        p.side === "buy" ? "sell" : "buy",
        "market",
        want,
        Number.NaN,
        now,
        {
          sl: Number.NaN,
          tp: Number.NaN,
          expiresAt: Number.POSITIVE_INFINITY,
          tag: intent.tag ?? p.tag,
          closesPositionId: p.id,
        },
      );
      this.send(order);
      ids.push(order.id);
    }
    return { accepted: true, orderIds: ids };
  }

  private volume(spec: InstrumentSpec, requested: number): number | string {
    if (!Number.isFinite(requested) || requested <= 0) return `volume must be positive, got ${requested}`;
    const v = floorToStep(requested, spec.volumeStep, decimalsOf(spec.volumeStep));
    if (v < spec.volumeMin)
      return `volume ${requested} floors to ${v}, below the minimum ${spec.volumeMin} of ${spec.symbol}`;
    if (v > spec.volumeMax) return `volume ${v} is above the maximum ${spec.volumeMax} of ${spec.symbol}`;
    return v;
  }

  private make(
    source: string,
    symbol: string,
    side: "buy" | "sell",
    type: Order["type"],
    volume: number,
    price: number,
    now: number,
    rest: { sl: number; tp: number; expiresAt: number; tag: string; closesPositionId?: string },
  ): Order {
    return {
      id: this.ids.next(),
      source,
      symbol,
      side,
      type,
      volume,
      price,
      sl: rest.sl,
      tp: rest.tp,
      closesPositionId: rest.closesPositionId,
      expiresAt: rest.expiresAt,
      tag: rest.tag,
      createdAt: now,
      state: "initialized",
      updatedAt: now,
      fillPrice: Number.NaN,
      reason: "",
    };
  }

  private send(order: Order): void {
    this.working.set(order.id, order);
    this.venue.submit(order);
  }
}
