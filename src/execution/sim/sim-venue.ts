import { IdSequence } from "../../core/ids.js";
import { roundCents, roundToTick } from "../../core/rounding.js";
import { CurrencyConverter } from "../../model/currency-converter.js";
import type { Fill, FillReason } from "../../model/fill.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import type { Order } from "../../model/order.js";
import { nextOrderState, type OrderEvent } from "../../model/order-state.js";
import type { Position } from "../../model/position.js";
import type { StopOutEvent } from "../../model/stop-out-event.js";
import type {
  AccountView,
  PriceWatch,
  RejectReason,
  Venue,
  VenueCapabilities,
  VenueListener,
} from "../venue.js";
import {
  type BarExit,
  buyLimitFill,
  buyStopFill,
  exitInBar,
  sellLimitFill,
  sellStopFill,
} from "./bar-fill-rules.js";
import { canStopOut, DEFAULT_MARGIN_CALL_PCT, DEFAULT_STOP_OUT_PCT, StopOut } from "./stop-out.js";
import { SwapRollover } from "./swap-rollover.js";
import { TriggerIndex } from "./trigger-index.js";

const INF = Number.POSITIVE_INFINITY;
const NEG = Number.NEGATIVE_INFINITY;

export const SIM_CAPABILITIES: VenueCapabilities = {
  brokerExecution: false,
  reconciles: false,
  modifiesStops: true,
  pendingOrders: true,
  // a simulated book is HYDRA's alone: nobody else can trade it
  externalTrades: false,
};

export interface SimVenueConfig {
  instruments: InstrumentTable;
  account: AccountView;
  /** adverse slippage in ticks on market and stop fills (default 0) */
  slippageTicks?: number;
  /** prefix of position ids (a run id, so that ids stay unique across runs of one database) */
  idPrefix?: string;
  /** spread (price units) per symbol for bar data without one (default 0) */
  barSpread?: readonly number[];
  /**
   * the margin level (equity ÷ margin × 100) under which the venue stops the account out, closing the
   * position losing most first (default 50, as MT5 and FTMO's servers; 0: never); needs an account that
   * tells its margin (the ledger)
   */
  stopOutPct?: number;
  /**
   * the margin level under which the account is in margin call (default 100; 0: not watched): entering
   * it is told to the listener (onMarginCall), and leaving it when the venue next sees the level back
   */
  marginCallPct?: number;
}

/**
 * The simulated venue shared by backtest and paper trading. Market orders fill at the next price event
 * (the next tick, or the next bar's open), fill-or-kill with no partial fills; pending stop and limit
 * orders and every position's stop loss and take profit are checked on every tick (or by the intrabar
 * rules on bars). A per-symbol trigger index keeps the common case — nothing to do — to a few compares.
 * Commission is charged on every fill; swap at every rollover an open position is held over (the first
 * price event at or after it wakes the venue), accumulated on the position as MT5 does. Below the stop-out
 * level the broker's stop-out closes positions, the most losing first (stop-out.ts).
 */
export class SimVenue implements Venue {
  readonly capabilities = SIM_CAPABILITIES;
  readonly name = "sim";
  private listener: VenueListener | undefined;
  private readonly specs: readonly InstrumentSpec[];
  private readonly queued: Order[][];
  private readonly pending: Order[][];
  private readonly open: Position[][];
  private readonly triggers: TriggerIndex;
  readonly watch: PriceWatch;
  private readonly orders = new Map<string, Order>();
  private readonly positionIds: IdSequence;
  private readonly slip: Float64Array;
  private readonly barSpread: Float64Array;
  private readonly exit: BarExit = { price: 0, reason: "sl" };
  private readonly swaps: SwapRollover;
  private readonly stopOut: StopOut | undefined;
  /** the account's rates: margin, commission and swap in the account currency */
  private readonly converter: CurrencyConverter;
  /** the time of the event being handled (stop-outs are filled at it) */
  private now = 0;

  constructor(private readonly config: SimVenueConfig) {
    this.positionIds = new IdSequence(`${config.idPrefix ?? ""}P`);
    const n = config.instruments.size;
    this.specs = config.instruments.specs;
    this.queued = Array.from({ length: n }, () => []);
    this.pending = Array.from({ length: n }, () => []);
    this.open = Array.from({ length: n }, () => []);
    this.triggers = new TriggerIndex(n);
    this.watch = this.triggers;
    this.slip = Float64Array.from(this.specs, (s) => (config.slippageTicks ?? 0) * s.tickSize);
    this.barSpread = Float64Array.from(this.specs, (_, i) => config.barSpread?.[i] ?? 0);
    this.swaps = new SwapRollover(this.specs);
    this.converter =
      config.account.converter ?? new CurrencyConverter(this.specs, { accountCurrency: "USD" });
    const level = config.stopOutPct ?? DEFAULT_STOP_OUT_PCT;
    const call = config.marginCallPct ?? DEFAULT_MARGIN_CALL_PCT;
    this.stopOut =
      (level > 0 || call > 0) && canStopOut(config.account)
        ? new StopOut(config.account, this.specs, this.converter, level, call, (e) => {
            e.time = this.now;
            this.listener?.onMarginCall?.(e);
          })
        : undefined;
  }

  setListener(listener: VenueListener): void {
    this.listener = listener;
  }

  positions(): readonly Position[] {
    return this.open.flat();
  }

  openOrders(): readonly Order[] {
    return [...this.queued.flat(), ...this.pending.flat()];
  }

  submit(order: Order): void {
    const sym = this.config.instruments.index(order.symbol);
    this.orders.set(order.id, order);
    this.update(order, "submit", order.createdAt);
    if (
      order.closesPositionId !== undefined &&
      !this.open[sym]!.some((p) => p.id === order.closesPositionId)
    ) {
      this.reject(order, "POSITION_NOT_FOUND", order.createdAt);
      return;
    }
    if (order.type === "market") {
      this.queued[sym]!.push(order);
      this.triggers.setQueued(sym, this.queued[sym]!.length);
      return;
    }
    if (Number.isNaN(order.price)) {
      this.reject(order, "INVALID_PRICE", order.createdAt);
      return;
    }
    this.update(order, "accept", order.createdAt);
    this.pending[sym]!.push(order);
    this.reindex(sym);
  }

  cancel(orderId: string, reason = "canceled"): void {
    const order = this.orders.get(orderId);
    if (order === undefined) return;
    const sym = this.config.instruments.index(order.symbol);
    if (this.remove(this.pending[sym]!, order) || this.remove(this.queued[sym]!, order)) {
      order.reason = reason;
      order.code = "CANCELED";
      this.update(order, "cancel", order.updatedAt);
      this.triggers.setQueued(sym, this.queued[sym]!.length);
      this.reindex(sym);
    }
  }

  modifyPosition(positionId: string, sl: number, tp: number): void {
    for (let sym = 0; sym < this.open.length; sym++) {
      const p = this.open[sym]!.find((x) => x.id === positionId);
      if (p) {
        p.sl = sl;
        p.tp = tp;
        this.reindex(sym);
        this.listener?.onPositionModified?.(p);
        return;
      }
    }
  }

  onTick(sym: number, time: number, bid: number, ask: number): void {
    // the rates of this instant convert what fills now (the ledger's mark feeds it again: idempotent)
    this.converter.onQuote(sym, bid, ask);
    if (!this.triggers.hit(sym, time, bid, bid, ask, ask)) return;
    this.rollover(sym, time);
    this.expire(sym, time);
    const queued = this.queued[sym]!;
    while (queued.length > 0) this.fillMarket(queued.shift()!, sym, time, bid, ask);
    this.triggers.setQueued(sym, 0);
    const pending = this.pending[sym]!;
    for (let i = 0; i < pending.length; ) {
      const o = pending[i]!;
      const px = o.side === "buy" ? ask : bid;
      const hit =
        o.type === "stop"
          ? o.side === "buy"
            ? px >= o.price
            : px <= o.price
          : o.side === "buy"
            ? px <= o.price
            : px >= o.price;
      if (!hit) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      const price = o.type === "stop" ? this.slipped(sym, o.side === "buy", px) : px;
      this.fillOpen(o, sym, time, price, o.type, bid, ask);
    }
    const positions = this.open[sym]!;
    for (let i = 0; i < positions.length; ) {
      const p = positions[i]!;
      const long = p.side === "buy";
      const px = long ? bid : ask;
      const slHit = long ? px <= p.sl : px >= p.sl;
      const tpHit = long ? px >= p.tp : px <= p.tp;
      if (slHit || tpHit) {
        this.fillClose(
          p,
          sym,
          p.volume,
          time,
          slHit ? this.slipped(sym, !long, px) : px,
          slHit ? "sl" : "tp",
          `${p.id}:${slHit ? "sl" : "tp"}`,
        );
      } else i++;
    }
    if (this.stopOut !== undefined) {
      this.now = time;
      this.stopOut.onTick(this.open, sym, bid, ask, this.closeStoppedOut);
      this.stopOut.bands(sym, bid, ask, this.triggers);
    }
    this.reindex(sym);
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
    const s = Number.isNaN(spread) ? this.barSpread[sym]! : spread;
    // market orders fill at the bar's open: the rate of that moment (quoteAt for fills further in)
    this.converter.onQuote(sym, open, open + s);
    if (!this.triggers.hit(sym, time, low, high, low + s, high + s)) return;
    this.rollover(sym, time);
    this.expire(sym, time);
    const queued = this.queued[sym]!;
    while (queued.length > 0) this.fillMarket(queued.shift()!, sym, time, open, open + s);
    this.triggers.setQueued(sym, 0);
    const openedInBar = new Set<string>();
    const pending = this.pending[sym]!;
    for (let i = 0; i < pending.length; ) {
      const o = pending[i]!;
      const buy = o.side === "buy";
      // Buys trade against the ask side of the bar, sells against the bid.
      const shift = buy ? s : 0;
      const po = open + shift;
      const ph = high + shift;
      const pl = low + shift;
      const fill =
        o.type === "stop"
          ? buy
            ? buyStopFill(o.price, po, ph)
            : sellStopFill(o.price, po, pl)
          : buy
            ? buyLimitFill(o.price, po, pl)
            : sellLimitFill(o.price, po, ph);
      if (Number.isNaN(fill)) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      const price = o.type === "stop" ? this.slipped(sym, buy, fill) : fill;
      this.quoteAt(sym, price, buy, s);
      const p = this.fillOpen(o, sym, time, price, o.type, Number.NaN, Number.NaN);
      if (p) openedInBar.add(p.id);
    }
    const positions = this.open[sym]!;
    for (let i = 0; i < positions.length; ) {
      const p = positions[i]!;
      const long = p.side === "buy";
      // A long exits on the bid, a short on the ask.
      const shift = long ? 0 : s;
      if (
        exitInBar(
          long,
          p.sl,
          p.tp,
          open + shift,
          high + shift,
          low + shift,
          !openedInBar.has(p.id),
          this.exit,
        )
      ) {
        const price = this.exit.reason === "sl" ? this.slipped(sym, !long, this.exit.price) : this.exit.price;
        this.quoteAt(sym, price, !long, s);
        this.fillClose(p, sym, p.volume, time, price, this.exit.reason, `${p.id}:${this.exit.reason}`);
      } else i++;
    }
    if (this.stopOut !== undefined) {
      this.now = time;
      this.stopOut.onBar(this.open, sym, open, high, low, s, this.closeStoppedOut);
      this.stopOut.bands(sym, close, close + s, this.triggers);
    }
    this.reindex(sym);
  }

  /**
   * Inside a bar the market is where a fill happens: the converter takes that quote (the bid, or the ask,
   * of `price`, the other side a spread away), so a symbol converting its own money (USDJPY in a USD
   * account) converts at the fill's price, as on ticks.
   */
  private quoteAt(sym: number, price: number, atAsk: boolean, spread: number): void {
    if (atAsk) this.converter.onQuote(sym, price - spread, price);
    else this.converter.onQuote(sym, price, price + spread);
  }

  /** The broker's stop-out closes a position at market (slipped as a stop is), whatever its symbol. */
  private readonly closeStoppedOut = (p: Position, sym: number, price: number, event: StopOutEvent): void => {
    const long = p.side === "buy";
    event.time = this.now;
    event.price = roundToTick(this.slipped(sym, !long, price), this.specs[sym]!.tickSize);
    this.listener?.onStopOut?.(event);
    this.fillClose(
      p,
      sym,
      p.volume,
      this.now,
      this.slipped(sym, !long, price),
      "stop-out",
      `${p.id}:stop-out`,
    );
    this.reindex(sym);
  };

  private fillMarket(o: Order, sym: number, time: number, bid: number, ask: number): void {
    const buy = o.side === "buy";
    const price = this.slipped(sym, buy, buy ? ask : bid);
    if (o.closesPositionId === undefined) {
      this.fillOpen(o, sym, time, price, "market", bid, ask);
      return;
    }
    const p = this.open[sym]!.find((x) => x.id === o.closesPositionId);
    if (p === undefined) {
      this.reject(o, "POSITION_NOT_FOUND", time);
      return;
    }
    const volume = Math.min(o.volume, p.volume);
    this.update(o, "fill", time, price);
    this.fillClose(p, sym, volume, time, price, "close", o.id);
  }

  /** Opens a position for an entry order; checks stops against the current quote and the margin. */
  private fillOpen(
    o: Order,
    sym: number,
    time: number,
    price: number,
    reason: FillReason,
    bid: number,
    ask: number,
  ): Position | undefined {
    const spec = this.specs[sym]!;
    price = roundToTick(price, spec.tickSize);
    const buy = o.side === "buy";
    // Stops must be on the right side of the price the position would close at (MT5 "invalid stops").
    const exitPx = buy ? (Number.isNaN(bid) ? price : bid) : Number.isNaN(ask) ? price : ask;
    if ((buy && (o.sl >= exitPx || o.tp <= exitPx)) || (!buy && (o.sl <= exitPx || o.tp >= exitPx))) {
      this.reject(o, "INVALID_STOPS", time);
      return undefined;
    }
    // NaN (a conversion pair not quoted yet, and no static rate) is no money either
    if (!(this.converter.margin(sym, o.volume, price, buy) <= this.config.account.freeMargin)) {
      this.reject(o, "NO_MONEY", time);
      return undefined;
    }
    const position: Position = {
      id: this.positionIds.next(),
      source: o.source,
      symbol: o.symbol,
      side: o.side,
      volume: o.volume,
      openPrice: price,
      openTime: time,
      sl: o.sl,
      tp: o.tp,
      commission: 0,
      swap: 0,
      tag: o.tag,
    };
    this.open[sym]!.push(position);
    if (this.swaps.charges(sym) && this.swaps.next[sym] === INF)
      this.watchRollover(sym, this.swaps.after(sym, time));
    this.update(o, "fill", time, price);
    const fill = this.makeFill(o.id, position, o.side, price, o.volume, time, reason, true, sym);
    position.commission = fill.commission;
    this.listener?.onFill(fill, position);
    return position;
  }

  /**
   * A position carried over from a checkpoint (a paper or shadow book after a restart): held again with
   * its stops, and booked in the ledger through the listener with no new commission (it was paid).
   */
  restorePosition(position: Position): void {
    const sym = this.config.instruments.index(position.symbol);
    const p: Position = { ...position };
    this.open[sym]!.push(p);
    // rollovers before the restart were booked then (p.swap): the next event starts the schedule afresh
    if (this.swaps.charges(sym)) this.watchRollover(sym, NEG);
    this.triggers.rebuild(sym, this.pending[sym]!, this.open[sym]!, this.queued[sym]!.length);
    this.listener?.onFill(
      {
        orderId: `restore:${p.id}`,
        positionId: p.id,
        symbol: p.symbol,
        side: p.side,
        price: p.openPrice,
        volume: p.volume,
        time: p.openTime,
        commission: 0,
        reason: "market",
        opening: true,
      },
      p,
    );
    this.stopOut?.bands(sym, Number.NaN, Number.NaN, this.triggers); // prices unknown: look at the next
  }

  private fillClose(
    p: Position,
    sym: number,
    volume: number,
    time: number,
    price: number,
    reason: FillReason,
    orderId: string,
  ): void {
    const spec = this.specs[sym]!;
    price = roundToTick(price, spec.tickSize);
    const side = p.side === "buy" ? "sell" : "buy";
    const fill = this.makeFill(orderId, p, side, price, volume, time, reason, false, sym);
    const snapshot: Position = { ...p };
    p.volume = Number((p.volume - volume).toFixed(8));
    if (p.volume <= 0) this.remove(this.open[sym]!, p);
    if (this.open[sym]!.length === 0 && this.swaps.next[sym] !== INF) this.watchRollover(sym, INF);
    this.listener?.onFill(fill, snapshot);
  }

  private makeFill(
    orderId: string,
    p: Position,
    side: "buy" | "sell",
    price: number,
    volume: number,
    time: number,
    reason: FillReason,
    opening: boolean,
    sym: number,
  ): Fill {
    // the commission rate is in the quote currency, converted at the fill's rate
    const perLot = this.specs[sym]!.commissionPerLot * this.converter.profitRate(sym);
    return {
      orderId,
      positionId: p.id,
      symbol: p.symbol,
      side,
      price,
      volume,
      time,
      commission: roundCents(volume * perLot),
      reason,
      opening,
    };
  }

  /**
   * Books the swap of every rollover up to `time` on the symbol's positions open over it: rate × lots ×
   * nights, rounded to cents, on the venue's position and through the listener.
   */
  private rollover(sym: number, time: number): void {
    const swaps = this.swaps;
    let at = swaps.next[sym]!;
    if (time < at) return;
    const positions = this.open[sym]!;
    if (at === NEG) at = swaps.after(sym, time);
    const spec = this.specs[sym]!;
    for (; at <= time; at = swaps.after(sym, at)) {
      const nights = swaps.nights(sym, at);
      if (nights === 0) continue;
      for (const p of positions) {
        if (p.openTime >= at) continue;
        const rate = (p.side === "buy" ? spec.swapLong : spec.swapShort) * this.converter.profitRate(sym);
        const amount = roundCents(rate * p.volume * nights);
        if (amount === 0) continue;
        p.swap = roundCents((p.swap ?? 0) + amount);
        this.listener?.onSwap?.(p, amount, at);
      }
    }
    this.watchRollover(sym, positions.length > 0 ? at : INF);
  }

  private watchRollover(sym: number, at: number): void {
    this.swaps.next[sym] = at;
    this.triggers.setRollover(sym, at);
  }

  /** The price after adverse slippage, on the tick grid (a bar's ask = bid + spread may fall off it). */
  private slipped(sym: number, buy: boolean, price: number): number {
    const slip = this.slip[sym]!;
    return roundToTick(buy ? price + slip : price - slip, this.specs[sym]!.tickSize);
  }

  private expire(sym: number, time: number): void {
    if (time < this.triggers.nextExpiry(sym)) return;
    const pending = this.pending[sym]!;
    for (let i = 0; i < pending.length; ) {
      const o = pending[i]!;
      if (time >= o.expiresAt) {
        pending.splice(i, 1);
        o.reason = "expired";
        o.code = "EXPIRED";
        this.update(o, "expire", time);
      } else i++;
    }
  }

  private reject(o: Order, reason: RejectReason, time: number): void {
    o.reason = reason;
    o.code = reason;
    this.update(o, "reject", time);
  }

  private update(o: Order, event: OrderEvent, time: number, fillPrice = Number.NaN): void {
    o.state = nextOrderState(o.state, event, o.id);
    o.updatedAt = Math.max(o.updatedAt, time);
    if (event === "fill") o.fillPrice = fillPrice;
    if (event !== "submit") this.listener?.onOrderUpdate(o);
    if (event !== "submit" && event !== "accept") this.orders.delete(o.id);
  }

  private remove<T>(list: T[], item: T): boolean {
    const i = list.indexOf(item);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  private reindex(sym: number): void {
    this.triggers.rebuild(sym, this.pending[sym]!, this.open[sym]!, this.queued[sym]!.length);
  }
}
