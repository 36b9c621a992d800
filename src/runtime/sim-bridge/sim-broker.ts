import { DayBoundary } from "../../core/time.js";
import type { BridgeRequest } from "../../execution/mt5/protocol/messages.js";
import { SimVenue } from "../../execution/sim/sim-venue.js";
import type { AccountCurrency } from "../../model/account-currency.js";
import { CurrencyConverter } from "../../model/currency-converter.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import type { Fill } from "../../model/fill.js";
import { type InstrumentSpec, moneyPerPriceMove, tickValue } from "../../model/instrument.js";
import { InstrumentTable } from "../../model/instrument-table.js";
import type { Position } from "../../model/position.js";
import { SessionCalendar } from "../../model/session-calendar.js";
import { Ledger } from "../../portfolio/ledger.js";
import { modifyPosition } from "./broker-modify.js";
import { BrokerOrders } from "./broker-orders.js";
import { BrokerPending } from "./broker-pending.js";
import {
  type BrokerReply,
  type DealData,
  DedupeCache,
  errorReply,
  fingerprintOf,
  okReply,
  type PositionData,
  type TicketMeta,
} from "./broker-types.js";
import { CandleBook } from "./candle-book.js";

export interface SimBrokerOptions {
  symbols: readonly string[];
  /** initial balance (default 100,000) */
  cash?: number;
  /** the account currency (default USD): money is converted at the quotes of the simulated market */
  currency?: AccountCurrency;
  /** the account leverage ACCOUNT reports (default 100) */
  leverage?: number;
  /** contract specs by symbol; the defaults otherwise */
  specs?: Readonly<Record<string, InstrumentSpec>>;
  /** candles kept per symbol and timeframe (default 10,000) */
  candleCap?: number;
  /** the first ticket number (default 100,001) */
  firstTicket?: number;
}

/** What handle() may be told by the fault injector. */
export interface HandleOptions {
  /** answer the TRADE with this MT5 retcode: unknown-outcome codes after executing, others instead */
  forceRetcode?: number;
}

/**
 * The state of a simulated MT5 account without sockets: instruments, the ledger, the kernel's simulated
 * venue, MT5-like integer tickets, the deal history and the request-id dedupe cache. `handle` answers
 * every bridge command as the real bridge would; `onTick` drives stops, targets and marks.
 */
export class SimBroker {
  readonly instruments: InstrumentTable;
  readonly ledger: Ledger;
  readonly venue: SimVenue;
  readonly candles: CandleBook;
  readonly deals: DealData[] = [];
  readonly dedupe = new DedupeCache();
  readonly currency: AccountCurrency;
  readonly leverage: number;
  private readonly calendars: SessionCalendar[];
  private readonly quotes: Array<{ bid: number; ask: number; time: number } | undefined>;
  private readonly byTicket = new Map<number, TicketMeta>();
  private readonly byPosition = new Map<string, TicketMeta>();
  private readonly orders: BrokerOrders;
  private readonly pending: BrokerPending;
  private nextNumber: number;

  constructor(options: SimBrokerOptions) {
    const specs = options.symbols.map((s) => options.specs?.[s] ?? resolveInstrument(s));
    this.instruments = new InstrumentTable(specs);
    this.ledger = new Ledger(
      this.instruments,
      options.cash ?? 100_000,
      new DayBoundary("UTC"),
      new CurrencyConverter(specs, { accountCurrency: options.currency ?? "USD" }),
    );
    this.venue = new SimVenue({ instruments: this.instruments, account: this.ledger });
    this.candles = new CandleBook(options.candleCap);
    this.currency = options.currency ?? "USD";
    this.leverage = options.leverage ?? 100;
    this.calendars = specs.map((s) => new SessionCalendar(s.sessions));
    this.quotes = specs.map(() => undefined);
    this.nextNumber = options.firstTicket ?? 100_001;
    this.orders = new BrokerOrders(this, () => this.nextNumber++);
    this.pending = new BrokerPending(this, () => this.nextNumber++);
    this.venue.setListener({
      onOrderUpdate: () => {},
      onFill: (fill, position) => this.onFill(fill, position),
      onPositionModified: (p) => this.ledger.setLevels(p.id, p.sl, p.tp),
      onSwap: (p, amount) => this.ledger.applySwap(p.id, amount),
    });
  }

  /** A new price: candles, the ledger's marks, then the venue (stops and targets). */
  onTick(sym: number, time: number, bid: number, ask: number): void {
    this.quotes[sym] = { bid, ask, time };
    this.candles.onTick(this.instruments.specs[sym]!.symbol, time, bid);
    this.ledger.onTime(time);
    this.ledger.mark(sym, bid, ask);
    this.venue.onTick(sym, time, bid, ask);
  }

  quote(sym: number): { bid: number; ask: number; time: number } | undefined {
    return this.quotes[sym];
  }

  isOpen(sym: number, time: number): boolean {
    return this.calendars[sym]!.isOpen(time);
  }

  /** The ticket record of a ticket, or of a venue position id. */
  ticket(ticket: number): TicketMeta | undefined {
    return this.byTicket.get(ticket);
  }

  ticketOfPosition(positionId: string): TicketMeta | undefined {
    return this.byPosition.get(positionId);
  }

  /** Answers one parsed request at server time `now` (epoch ms). */
  handle(request: BridgeRequest, now: number, options: HandleOptions = {}): BrokerReply {
    const id = request.requestId;
    const serverTime = Math.round(now);
    switch (request.cmd) {
      case "PING":
        return okReply(id, { reply: "PONG", serverTime });
      case "HEARTBEAT":
        // the simulated server keeps UTC: nothing to convert, and it knows it
        return okReply(id, {
          serverTime,
          connected: true,
          tradeAllowed: true,
          serverOffsetMs: 0,
          serverOffsetMeasured: true,
        });
      case "ACCOUNT": {
        const l = this.ledger;
        return okReply(id, {
          balance: l.balance,
          equity: round2(l.equity),
          margin: round2(l.margin),
          freeMargin: round2(l.freeMargin),
          currency: this.currency,
          leverage: this.leverage,
          tradeAllowed: true,
        });
      }
      case "TRADE":
      case "CLOSE":
      case "ORDER": {
        const fingerprint = fingerprintOf(request);
        if (id !== undefined) {
          const seen = this.dedupe.get(id);
          if (seen !== undefined) {
            return seen.cmd === request.cmd && seen.fingerprint === fingerprint
              ? seen.reply
              : errorReply(id, "DUPLICATE", `request id ${id} was already used by another ${seen.cmd}`);
          }
          const found = request.cmd === "CLOSE" ? undefined : this.ticketStamped(id);
          if (found !== undefined)
            return errorReply(id, "DUPLICATE", `request id ${id} was already executed: ticket ${found}`);
        }
        const reply =
          request.cmd === "TRADE"
            ? this.orders.trade(request, now, options.forceRetcode)
            : request.cmd === "ORDER"
              ? this.pending.order(request, now)
              : this.orders.close(request, now);
        if (id !== undefined && reply.executed) this.dedupe.set(id, request.cmd, fingerprint, reply.cached);
        return reply.reply;
      }
      case "CANCEL":
        return this.pending.cancel(request, now);
      case "ORDERS":
        return okReply(id, { orders: this.pending.list(request.symbol, now) });
      case "MODIFY":
        return modifyPosition(
          request,
          this.byTicket.get(request.ticket),
          this.venue,
          this.ledger,
          this.instruments,
        );
      case "POSITIONS":
        return okReply(id, { positions: this.positionList(request.symbol) });
      case "HISTORY":
        return okReply(id, { deals: this.deals.filter((d) => d.time >= request.since) });
      default:
        return this.symbolCommand(request, id);
    }
  }

  /**
   * Forgets the request ids it executed, as a restarted bridge process does: a TRADE or ORDER sent again
   * is then found by its stamped comment (DUPLICATE) instead of answered from the cache.
   */
  forgetRequestIds(): void {
    this.dedupe.clear();
  }

  /**
   * What a bridge without the id in its cache asks MT5: a position, a deal or an order (working or gone)
   * whose comment carries the request id. Its ticket, or undefined.
   */
  private ticketStamped(requestId: string): number | undefined {
    const suffix = `|${requestId}`;
    for (const m of this.byTicket.values()) if (m.comment.endsWith(suffix)) return m.ticket;
    const deal = this.deals.find((d) => d.comment.endsWith(suffix));
    return deal?.positionId ?? this.pending.ticketWithComment(suffix);
  }

  private symbolCommand(
    request: Extract<BridgeRequest, { cmd: "PRICE" | "SYMBOL" | "CANDLES" }>,
    id: string | undefined,
  ): BrokerReply {
    if (!this.instruments.has(request.symbol))
      return errorReply(id, "NOT_FOUND", `symbol ${request.symbol} is not traded here`);
    const sym = this.instruments.index(request.symbol);
    const spec = this.instruments.specs[sym]!;
    if (request.cmd === "SYMBOL") {
      return okReply(id, {
        symbol: spec.symbol,
        digits: spec.digits,
        tickSize: spec.tickSize,
        tickValue: tickValue(spec, this.ledger.converter.profitRate(sym)),
        contractSize: spec.contractSize,
        volumeMin: spec.volumeMin,
        volumeStep: spec.volumeStep,
        volumeMax: spec.volumeMax,
        tradeAllowed: true,
      });
    }
    if (request.cmd === "CANDLES") {
      const candles = this.candles.candles(spec.symbol, request.timeframe, request.count);
      return okReply(id, { symbol: spec.symbol, timeframe: request.timeframe, candles });
    }
    const q = this.quotes[sym];
    if (q === undefined) return errorReply(id, "NOT_FOUND", `no quote for ${spec.symbol} yet`);
    return okReply(id, { symbol: spec.symbol, bid: q.bid, ask: q.ask, time: Math.round(q.time) });
  }

  private positionList(symbol: string | undefined): PositionData[] {
    const out: PositionData[] = [];
    for (const p of this.venue.positions()) {
      if (symbol !== undefined && p.symbol !== symbol) continue;
      const meta = this.byPosition.get(p.id);
      const sym = this.instruments.index(p.symbol);
      const q = this.quotes[sym];
      const spec = this.instruments.specs[sym]!;
      const move = q === undefined ? 0 : p.side === "buy" ? q.bid - p.openPrice : p.openPrice - q.ask;
      out.push({
        ticket: meta?.ticket ?? 0,
        symbol: p.symbol,
        direction: p.side === "buy" ? "BUY" : "SELL",
        volume: p.volume,
        openPrice: p.openPrice,
        sl: Number.isNaN(p.sl) ? null : p.sl,
        tp: Number.isNaN(p.tp) ? null : p.tp,
        openTime: Math.round(p.openTime),
        profit: round2(moneyPerPriceMove(spec, move, p.volume, this.ledger.converter.profitRate(sym))),
        swap: p.swap ?? 0,
        comment: meta?.comment ?? "",
        magic: meta?.magic ?? 0,
      });
    }
    return out;
  }

  /** Venue fill → the ledger, a ticket for a new position, and a deal. */
  private onFill(fill: Fill, position: Position): void {
    const level = this.ledger.marginLevelPct; // a stop-out's deal tells it, as MT5 does ("[so 45.2%]")
    const trade = this.ledger.applyFill(fill, position);
    let meta = this.byPosition.get(position.id);
    // a triggered pending order's deal carries the pending order's ticket, and so does its position
    const order =
      this.orders.numberOf(fill.orderId) ?? this.pending.numberOf(fill.orderId) ?? this.nextNumber++;
    if (fill.opening && meta === undefined) {
      const pending = this.pending.meta(fill.orderId) ?? this.orders.pendingMeta(fill.orderId);
      meta = { ticket: order, positionId: position.id, comment: pending.comment, magic: pending.magic };
      this.byPosition.set(position.id, meta);
      this.byTicket.set(order, meta);
    }
    const stop = fill.reason === "sl" || fill.reason === "tp";
    this.deals.push({
      ticket: this.nextNumber++,
      order,
      positionId: meta?.ticket ?? 0,
      symbol: fill.symbol,
      direction: fill.side === "buy" ? "BUY" : "SELL",
      entry: fill.opening ? "IN" : "OUT",
      volume: fill.volume,
      price: fill.price,
      profit: trade?.grossPnl ?? 0,
      // MT5 signs: commission paid is negative; the swap a position accumulated comes with its OUT deal
      commission: -fill.commission,
      swap: trade?.swap ?? 0,
      time: Math.round(fill.time),
      comment:
        fill.reason === "stop-out"
          ? `[so ${round2(level)}%]`
          : stop
            ? `[${fill.reason} ${fill.price}]`
            : (meta?.comment ?? ""),
      magic: meta?.magic ?? 0,
    });
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
