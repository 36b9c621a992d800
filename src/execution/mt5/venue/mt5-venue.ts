import type { Clock } from "../../../core/clock.js";
import { isHydraError } from "../../../core/errors.js";
import type { Fill, FillReason } from "../../../model/fill.js";
import type { InstrumentTable } from "../../../model/instrument-table.js";
import type { Order } from "../../../model/order.js";
import { nextOrderState, type OrderEvent } from "../../../model/order-state.js";
import type { Position } from "../../../model/position.js";
import type { PriceWatch, Venue, VenueListener } from "../../venue.js";
import type { BridgeClient } from "../client/bridge-client.js";
import { BridgeReplyError } from "../client/bridge-errors.js";
import type { DealData } from "../protocol/messages.js";
import { definitelyRejected } from "../protocol/retcodes.js";
import { applyBrokerDeal, type DealOutcome } from "./broker-deal.js";
import { type InFlight, type ReconcileReport, reconcileOnce } from "./reconcile.js";
import { positionIdOf, ticketOf } from "./tickets.js";

export interface Mt5VenueOptions {
  client: BridgeClient;
  instruments: InstrumentTable;
  /** wall clock: timeouts and the grace before an order without a trace counts as not executed */
  clock: Clock;
  /** market clock (the broker's): the times of fills and order updates; the wall clock by default */
  marketClock?: Clock;
  /** the order comment's tag (default: the order's source, the bot); the request id is appended */
  tag?: (order: Order) => string;
  log?: (line: string) => void;
  /** deals since this wall time are reconciled (a restart: the checkpoint's time; default: the start) */
  since?: number;
}

/**
 * The live venue: orders go to MetaTrader 5 through the bridge. A TRADE whose outcome is unknown (a
 * timeout, a lost connection, a malformed reply) is never resent: the order stays in flight until
 * reconciliation finds it by the request id stamped in its comment, or shows it was not executed.
 * MT5 matches stops and targets itself, so the price watch is empty. Market orders only.
 */
export class Mt5Venue implements Venue {
  readonly name = "mt5";
  readonly capabilities = {
    brokerExecution: true,
    reconciles: true,
    modifiesStops: true,
    pendingOrders: false,
    // the terminal and other clients trade the same account: deal events and reconciliation report it
    externalTrades: true,
  } as const;
  readonly watch: PriceWatch;
  listener: VenueListener | undefined;
  /** open positions by ticket, as this venue knows them */
  readonly byTicket = new Map<number, Position>();
  readonly inFlight = new Map<string, InFlight>();
  private readonly startedAt: number;

  constructor(readonly opts: Mt5VenueOptions) {
    const n = opts.instruments.size;
    const inf = () => new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const neg = () => new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.watch = { bidFloor: neg(), bidCeil: inf(), askFloor: neg(), askCeil: inf(), wakeAt: inf() };
    this.startedAt = opts.since ?? opts.clock.now();
  }

  setListener(listener: VenueListener): void {
    this.listener = listener;
  }

  positions(): readonly Position[] {
    return [...this.byTicket.values()];
  }

  openOrders(): readonly Order[] {
    return [...this.inFlight.values()].map((f) => f.order);
  }

  onTick(): void {}

  onBar(): void {}

  cancel(): void {
    // market orders only: nothing rests at the venue to cancel
  }

  /**
   * Moves a position's stop loss and take profit at the broker (MODIFY: absolute levels, safe to resend, so
   * the client retries it after a timeout); the books follow when the broker confirms. NaN removes a level.
   */
  modifyPosition(positionId: string, sl: number, tp: number): void {
    const ticket = ticketOf(positionId);
    const body = { ticket, sl: Number.isNaN(sl) ? 0 : sl, tp: Number.isNaN(tp) ? 0 : tp };
    void this.opts.client.call("MODIFY", body).then(
      (r) => {
        const position = this.byTicket.get(ticket);
        if (position === undefined) return; // closed meanwhile
        position.sl = r.sl > 0 ? r.sl : Number.NaN;
        position.tp = r.tp > 0 ? r.tp : Number.NaN;
        this.listener?.onPositionModified?.(position);
      },
      (e: unknown) =>
        this.opts.log?.(
          `mt5 venue: MODIFY of ${positionId} (sl ${body.sl}, tp ${body.tp}) failed, levels unchanged: ${e instanceof Error ? e.message : String(e)}`,
        ),
    );
  }

  submit(order: Order): void {
    this.transition(order, "submit");
    if (order.type !== "market") {
      order.reason = "UNSUPPORTED_ORDER_TYPE";
      order.code = "UNSUPPORTED_ORDER_TYPE";
      this.transition(order, "reject");
      return;
    }
    const requestId = this.opts.client.nextId();
    const flight: InFlight = { order, requestId, sentAt: this.opts.clock.now() };
    this.inFlight.set(order.id, flight);
    void this.send(flight);
  }

  /** Matches in-flight orders and positions with the venue's; call at start-up and periodically. */
  async reconcile(): Promise<ReconcileReport> {
    // deals carry the broker's clock: a bridge whose clock is behind this machine's must still show the
    // closes since the start, so the window starts at the earlier of the two clocks
    const since = Math.min(this.startedAt, this.marketNow());
    return reconcileOnce(this, this.opts.client, this.opts.clock.now(), since);
  }

  private marketNow(): number {
    return (this.opts.marketClock ?? this.opts.clock).now();
  }

  bookSwap(position: Position, amount: number, time: number): void {
    this.listener?.onSwap?.(position, amount, time);
  }

  inFlightIds(): string[] {
    return [...this.inFlight.keys()];
  }

  /** A deal the broker reports on its event stream, booked at once (see broker-deal.ts). */
  onBrokerDeal(deal: DealData): DealOutcome {
    return applyBrokerDeal(this, deal);
  }

  /** Resolves when nothing is in flight (or the timeout passes). */
  async settle(timeoutMs = 5000): Promise<boolean> {
    const end = performance.now() + timeoutMs;
    while (this.inFlight.size > 0 && performance.now() < end) await new Promise((r) => setTimeout(r, 5));
    return this.inFlight.size === 0;
  }

  private async send(flight: InFlight): Promise<void> {
    const { order, requestId } = flight;
    const client = this.opts.client;
    try {
      if (order.closesPositionId !== undefined) {
        const ticket = ticketOf(order.closesPositionId);
        const r = await client.call("CLOSE", { ticket, volume: order.volume }, requestId);
        this.completeClose(flight, ticket, r.price, r.volume, "close");
      } else {
        const r = await client.call(
          "TRADE",
          {
            symbol: order.symbol,
            direction: order.side === "buy" ? "BUY" : "SELL",
            volume: order.volume,
            ...(Number.isNaN(order.sl) ? {} : { sl: order.sl }),
            ...(Number.isNaN(order.tp) ? {} : { tp: order.tp }),
            // the source (the bot) goes into the comment, so that a restart can give it its positions back
            comment: this.opts.tag?.(order) ?? order.source,
          },
          requestId,
        );
        this.completeOpen(flight, r.ticket, r.price, r.volume, this.marketNow());
      }
    } catch (e) {
      const rejected =
        e instanceof BridgeReplyError &&
        (e.retcode === undefined ? e.replyCode !== "MT5_ERROR" : definitelyRejected(e.retcode));
      if (rejected) {
        this.inFlight.delete(order.id);
        order.reason = e.retcode === undefined ? e.replyCode : `retcode ${e.retcode}`;
        order.code = "BROKER_REJECTED";
        this.transition(order, "reject");
        return;
      }
      // outcome unknown: keep it in flight for reconciliation, never resend
      order.reason = `outcome unknown (${isHydraError(e) ? e.code : String(e)}); awaiting reconciliation`;
      this.opts.log?.(`mt5 venue: order ${order.id} (${requestId}) ${order.reason}`);
    }
  }

  /** An entry the venue executed: the position (ticket) and its opening fill. */
  completeOpen(
    flight: InFlight,
    ticket: number,
    price: number,
    volume: number,
    time: number,
    commission = 0,
  ): void {
    const { order } = flight;
    if (!this.inFlight.delete(order.id)) return;
    const position: Position = {
      id: positionIdOf(ticket),
      source: order.source,
      symbol: order.symbol,
      side: order.side,
      volume,
      openPrice: price,
      openTime: time,
      sl: order.sl,
      tp: order.tp,
      commission: 0,
      tag: order.tag,
    };
    this.byTicket.set(ticket, position);
    order.fillPrice = price;
    this.transition(order, "fill");
    this.listener?.onFill(
      this.fill(order.id, position, order.side, price, volume, time, order.type, true, commission),
      position,
    );
  }

  /** A close the venue executed (by our order, or a stop or target at the broker). */
  completeClose(
    flight: InFlight | undefined,
    ticket: number,
    price: number,
    volume: number,
    reason: FillReason,
    time = this.marketNow(),
    commission = 0,
  ): void {
    if (flight !== undefined && !this.inFlight.delete(flight.order.id)) return;
    const position = this.byTicket.get(ticket);
    if (position === undefined) return;
    const snapshot = { ...position };
    position.volume = Number((position.volume - volume).toFixed(8));
    if (position.volume <= 0) this.byTicket.delete(ticket);
    if (flight !== undefined) {
      flight.order.fillPrice = price;
      this.transition(flight.order, "fill");
    }
    const side = snapshot.side === "buy" ? "sell" : "buy";
    this.listener?.onFill(
      this.fill(
        flight?.order.id ?? `${snapshot.id}:${reason}`,
        snapshot,
        side,
        price,
        volume,
        time,
        reason,
        false,
        commission,
      ),
      snapshot,
    );
  }

  /** A position the venue has and we did not know (opened by hand, or before a crash): adopted. */
  adopt(position: Position): void {
    const ticket = ticketOf(position.id);
    if (this.byTicket.has(ticket)) return;
    this.byTicket.set(ticket, position);
    this.listener?.onFill(
      this.fill(
        `adopt:${position.id}`,
        position,
        position.side,
        position.openPrice,
        position.volume,
        position.openTime,
        "market",
        true,
      ),
      position,
    );
  }

  /** A position of ours from the checkpoint: known again, so that a close during the downtime is booked. */
  restorePosition(position: Position): void {
    this.adopt(position);
  }

  rejectInFlight(flight: InFlight, reason: string): void {
    if (!this.inFlight.delete(flight.order.id)) return;
    flight.order.reason = reason;
    flight.order.code = "NOT_EXECUTED";
    this.transition(flight.order, "reject");
  }

  private fill(
    orderId: string,
    p: Position,
    side: "buy" | "sell",
    price: number,
    volume: number,
    time: number,
    reason: FillReason,
    opening: boolean,
    commission = 0,
  ): Fill {
    return {
      orderId,
      positionId: p.id,
      symbol: p.symbol,
      side,
      price,
      volume,
      time,
      // the broker's, from its deal (0 when only a reply was seen)
      commission: Math.round(commission * 100) / 100,
      reason,
      opening,
    };
  }

  private transition(order: Order, event: OrderEvent): void {
    order.state = nextOrderState(order.state, event, order.id);
    order.updatedAt = this.marketNow();
    if (event !== "submit") this.listener?.onOrderUpdate(order);
  }
}
