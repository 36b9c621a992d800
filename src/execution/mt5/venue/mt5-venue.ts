import type { Clock } from "../../../core/clock.js";
import { isHydraError } from "../../../core/errors.js";
import type { Fill, FillReason } from "../../../model/fill.js";
import type { InstrumentTable } from "../../../model/instrument-table.js";
import type { Order } from "../../../model/order.js";
import type { OrderEndCode } from "../../../model/order-codes.js";
import { nextOrderState, type OrderEvent } from "../../../model/order-state.js";
import type { Position } from "../../../model/position.js";
import type { PriceWatch, Venue, VenueListener } from "../../venue.js";
import type { BridgeClient } from "../client/bridge-client.js";
import { BridgeReplyError } from "../client/bridge-errors.js";
import type { DealData } from "../protocol/messages.js";
import { definitelyRejected } from "../protocol/retcodes.js";
import { applyBrokerDeal, type DealOutcome } from "./broker-deal.js";
import { orderFields, tradeFields } from "./entry-requests.js";
import { ExpiryWatch } from "./expiry-watch.js";
import { GRACE_MS, type InFlight, type ReconcileReport, reconcileOnce } from "./reconcile.js";
import { positionIdOf, ticketOf } from "./tickets.js";
import { cancelAtBroker, type WorkingOrder } from "./working-orders.js";

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
 * The live venue: orders go to MetaTrader 5 through the bridge. A TRADE or an ORDER whose outcome is unknown
 * (a timeout, a lost connection, a malformed reply) is never resent: the order stays in flight until
 * reconciliation finds it by the request id stamped in its comment, or shows it was not executed.
 * MT5 matches stops, targets and pending orders itself, so the price watch is empty. A limit or stop order
 * the broker accepted works under its ticket until a DEAL of that ticket fills it (the deal event, or
 * reconciliation's HISTORY), a CANCEL removes it, or reconciliation finds it gone (expired, removed).
 */
/** wall ms a reply waits for its deal event before it is booked as it is (the Windows bridge reads deals every 250 ms) */
const DEAL_WAIT_MS = 3000;

export class Mt5Venue implements Venue {
  readonly name = "mt5";
  readonly capabilities = {
    brokerExecution: true,
    reconciles: true,
    modifiesStops: true,
    pendingOrders: true,
    // the terminal and other clients trade the same account: deal events and reconciliation report it
    externalTrades: true,
  } as const;
  readonly watch: PriceWatch;
  listener: VenueListener | undefined;
  /** open positions by ticket, as this venue knows them */
  readonly byTicket = new Map<number, Position>();
  readonly inFlight = new Map<string, InFlight>();
  readonly bookedDeals = new Set<number>();
  /** tickets of the positions the books have closed: a reconciliation's older list never brings them back */
  readonly closedTickets = new Set<number>();
  /** pending orders working at the broker, by order id */
  readonly working = new Map<string, WorkingOrder>();
  private readonly startedAt: number;
  private dealsFollowed = false;
  private readonly expiries: ExpiryWatch;

  constructor(readonly opts: Mt5VenueOptions) {
    const n = opts.instruments.size;
    const inf = () => new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const neg = () => new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.watch = { bidFloor: neg(), bidCeil: inf(), askFloor: neg(), askCeil: inf(), wakeAt: inf() };
    this.startedAt = opts.since ?? opts.clock.now();
    this.expiries = new ExpiryWatch(this, opts.client, opts.instruments, this.watch, opts.clock, opts.log);
  }

  setListener(listener: VenueListener): void {
    this.listener = listener;
  }

  positions(): readonly Position[] {
    return [...this.byTicket.values()];
  }

  openOrders(): readonly Order[] {
    return [
      ...[...this.inFlight.values()].map((f) => f.order),
      ...[...this.working.values()].map((w) => w.order),
    ];
  }

  /** MT5 matches orders itself; a working order past its expiry is looked for (expiry-watch.ts). */
  onTick(): void {
    this.expiries.onTick();
    if (this.inFlight.size > 0) this.bookOverdueReplies();
  }

  /**
   * The node delivers the broker's deal events (onBrokerDeal): from now on an entry or a close is booked
   * from its deal — the broker's price, volume, commission and swap — and a reply only says the deal is
   * coming. A reply whose deal does not come within DEAL_WAIT_MS of wall time is booked as it is.
   */
  followDeals(): void {
    this.dealsFollowed = true;
  }

  /** A reply of the broker's: booked now, or (deal events followed) when its deal comes. */
  private replied(flight: InFlight, book: () => void): void {
    if (!this.inFlight.has(flight.order.id)) return; // its deal came first and booked it
    if (!this.dealsFollowed) book();
    else flight.replied = { at: this.opts.clock.now(), book };
  }

  /**
   * A reply whose deal event did not come (lost on the way): the broker's history has the deal, with its
   * commission and swap, so the venue looks there first; only if that fails too is the reply booked as
   * it is (without the commission).
   */
  private bookOverdueReplies(): void {
    const now = this.opts.clock.now();
    let lookUp = false;
    for (const f of this.inFlight.values()) {
      // an order of unknown outcome is looked for at the broker once its grace is over (and again each
      // grace while unresolved), not only at the next periodic pass: its deal event may never come
      const u = f.unknown;
      if (u !== undefined && now - (u.lookedUpAt ?? u.at) >= GRACE_MS) {
        u.lookedUpAt = now;
        lookUp = true;
      }
      if (f.replied === undefined || now - f.replied.at < DEAL_WAIT_MS) continue;
      if (f.replied.lookedUpAt === undefined) {
        f.replied.lookedUpAt = now;
        lookUp = true;
        continue;
      }
      // the look in the history gets its own time (a reply long past must not skip it)
      if (now - f.replied.lookedUpAt < DEAL_WAIT_MS) continue;
      this.opts.log?.(
        `mt5 venue: no deal for order ${f.order.id} (${f.requestId}) in the events or the history ${2 * DEAL_WAIT_MS} ms after the broker's reply: booked from the reply (no commission)`,
      );
      f.replied.book();
    }
    if (lookUp)
      void this.reconcile().then(
        (r) => {
          // what the look found, as the node's passes say it (nothing found: silent)
          if (Object.values(r).some((found) => found.length > 0))
            this.opts.log?.(`mt5 venue: looked up at the broker: ${JSON.stringify(r)}`);
        },
        (e: unknown) =>
          this.opts.log?.(
            `mt5 venue: looking up an order at the broker failed: ${e instanceof Error ? e.message : String(e)}`,
          ),
      );
  }

  onBar(): void {}

  /**
   * Cancels a working pending order at the broker (CANCEL; the books follow its answer). One whose ORDER is
   * still unanswered is canceled once the broker has it. A market order cannot be canceled.
   */
  cancel(orderId: string, reason = "canceled"): void {
    const w = this.working.get(orderId);
    if (w !== undefined) {
      w.cancelReason = reason;
      void cancelAtBroker(this, this.opts.client, w, this.opts.log);
      return;
    }
    const flight = this.inFlight.get(orderId);
    if (flight !== undefined && flight.order.type !== "market") flight.cancelReason = reason;
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
    if (order.type !== "market" && order.closesPositionId !== undefined) {
      // a pending close (a position's own stop and target are MODIFY's)
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
    // closes since the start, so the window starts at the earlier of the two clocks — and never after
    // the oldest thing the venue still has to match: an order in flight or working (its creation, market
    // time) or an open position (its opening, the broker's time). At 600× a minute of market is a tenth
    // of a second: "the market's now" alone would miss a deal of a few wall seconds ago.
    let since = Math.min(this.startedAt, this.marketNow());
    for (const f of this.inFlight.values()) since = Math.min(since, f.order.createdAt);
    for (const w of this.working.values()) since = Math.min(since, w.order.createdAt);
    for (const p of this.byTicket.values()) since = Math.min(since, p.openTime);
    return reconcileOnce(this, this.opts.client, this.opts.clock.now(), since);
  }

  marketNow(): number {
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
    while (this.inFlight.size > 0 && performance.now() < end) {
      this.bookOverdueReplies();
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.inFlight.size === 0;
  }

  private async send(flight: InFlight): Promise<void> {
    const { order, requestId } = flight;
    const client = this.opts.client;
    try {
      if (order.closesPositionId !== undefined) {
        const ticket = ticketOf(order.closesPositionId);
        const r = await client.call("CLOSE", { ticket, volume: order.volume }, requestId);
        this.replied(flight, () => this.completeClose(flight, ticket, r.price, r.volume, "close"));
      } else if (order.type !== "market") {
        // the source (the bot) goes into the comment, so that a restart can give it its positions back
        const r = await client.call("ORDER", orderFields(order, this.tag(order)), requestId);
        this.acceptInFlight(flight, r.order);
      } else {
        const r = await client.call("TRADE", tradeFields(order, this.tag(order)), requestId);
        const at = this.marketNow();
        this.replied(flight, () => this.completeOpen(flight, r.ticket, r.price, r.volume, at));
      }
    } catch (e) {
      // DUPLICATE: the bridge has executed this request id already (a restarted bridge found it in MT5), so
      // its outcome is known only to reconciliation
      const rejected =
        e instanceof BridgeReplyError &&
        (e.retcode === undefined
          ? e.replyCode !== "MT5_ERROR" && e.replyCode !== "DUPLICATE"
          : definitelyRejected(e.retcode));
      // booked meanwhile from its deal or by reconciliation (a CLOSE whose position a stop closed first:
      // its OUT deal booked the close, and the CLOSE finds no position): the books stand
      if (!this.inFlight.has(order.id)) return;
      if (rejected) {
        this.inFlight.delete(order.id);
        order.reason = e.retcode === undefined ? e.replyCode : `retcode ${e.retcode}`;
        order.code = "BROKER_REJECTED";
        this.transition(order, "reject");
        return;
      }
      // outcome unknown: keep it in flight for reconciliation, never resend
      flight.unknown = { at: this.opts.clock.now() };
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
    if (!this.inFlight.delete(flight.order.id)) return;
    this.open(flight.order, ticket, price, volume, time, commission);
  }

  /** An ORDER the broker accepted: the pending order works under its ticket. */
  acceptInFlight(flight: InFlight, ticket: number): void {
    const { order, requestId, cancelReason } = flight;
    if (!this.inFlight.delete(order.id)) return;
    const w: WorkingOrder = { order, requestId, ticket };
    this.working.set(order.id, w);
    this.expiries.rewatch(order.symbol);
    this.transition(order, "accept");
    if (cancelReason !== undefined) this.cancel(order.id, cancelReason);
  }

  /** A working pending order the broker filled: the position (ticket) and its opening fill. */
  fillWorking(
    w: WorkingOrder,
    ticket: number,
    price: number,
    volume: number,
    time: number,
    commission = 0,
  ): void {
    if (!this.working.delete(w.order.id)) return;
    this.expiries.rewatch(w.order.symbol);
    this.open(w.order, ticket, price, volume, time, commission);
  }

  /** A working pending order that left the broker without a fill (canceled, expired). */
  endWorking(w: WorkingOrder, event: "cancel" | "expire", code: OrderEndCode, reason: string): void {
    if (!this.working.delete(w.order.id)) return;
    this.expiries.rewatch(w.order.symbol);
    w.order.reason = reason;
    w.order.code = code;
    this.transition(w.order, event);
  }

  private open(
    order: Order,
    ticket: number,
    price: number,
    volume: number,
    time: number,
    commission: number,
  ): void {
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
    if (position.volume <= 0) {
      this.byTicket.delete(ticket);
      this.closedTickets.add(ticket);
    }
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

  private tag(order: Order): string {
    return this.opts.tag?.(order) ?? order.source;
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
