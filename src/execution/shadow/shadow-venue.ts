import type { Order } from "../../model/order.js";
import type { Position } from "../../model/position.js";
import { SIM_CAPABILITIES, SimVenue, type SimVenueConfig } from "../sim/sim-venue.js";
import type { PriceWatch, Venue, VenueListener } from "../venue.js";

/** What the shadow venue would have sent to the broker. */
export interface ShadowRecord {
  time: number;
  orderId: string;
  source: string;
  symbol: string;
  side: "buy" | "sell";
  type: Order["type"];
  volume: number;
  sl: number | null;
  tp: number | null;
  closesPositionId: string | null;
}

/**
 * Shadow mode: live ticks, real decisions, nothing sent. Every order is recorded as it would have gone
 * out, and executed on a simulated book (the same SimVenue as paper trading) so that strategies see the
 * positions they would hold.
 */
export class ShadowVenue implements Venue {
  readonly capabilities = SIM_CAPABILITIES;
  readonly name = "shadow";
  readonly journal: ShadowRecord[] = [];
  private readonly book: SimVenue;

  constructor(config: SimVenueConfig) {
    this.book = new SimVenue(config);
  }

  get watch(): PriceWatch {
    return this.book.watch;
  }

  setListener(listener: VenueListener): void {
    this.book.setListener(listener);
  }

  restorePosition(position: Position): void {
    this.book.restorePosition(position);
  }

  submit(order: Order): void {
    this.journal.push({
      time: order.createdAt,
      orderId: order.id,
      source: order.source,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      volume: order.volume,
      sl: Number.isNaN(order.sl) ? null : order.sl,
      tp: Number.isNaN(order.tp) ? null : order.tp,
      closesPositionId: order.closesPositionId ?? null,
    });
    this.book.submit(order);
  }

  cancel(orderId: string, reason?: string): void {
    this.book.cancel(orderId, reason);
  }

  modifyPosition(positionId: string, sl: number, tp: number): void {
    this.book.modifyPosition(positionId, sl, tp);
  }

  positions(): readonly Position[] {
    return this.book.positions();
  }

  openOrders(): readonly Order[] {
    return this.book.openOrders();
  }

  onTick(sym: number, time: number, bid: number, ask: number): void {
    this.book.onTick(sym, time, bid, ask);
  }

  onBar(
    sym: number,
    time: number,
    open: number,
    high: number,
    low: number,
    close: number,
    spread: number,
  ): void {
    this.book.onBar(sym, time, open, high, low, close, spread);
  }
}
