import { roundCents } from "../core/rounding.js";
import type { DayBoundary } from "../core/time.js";
import { CurrencyConverter } from "../model/currency-converter.js";
import type { Fill } from "../model/fill.js";
import type { InstrumentTable } from "../model/instrument-table.js";
import type { ClosedTrade, Position } from "../model/position.js";
import type { DayStats } from "./day-stats.js";

/**
 * The account's books: balance, positions, floating P&L, equity, margin, high-water mark, drawdown and
 * per-day statistics. Floating P&L is kept per symbol from running sums (volume and volume × price for
 * each side), so marking a tick is O(1) whatever the number of positions. Realised money is rounded to
 * cents when it is booked; floating P&L is not rounded. Swap, as MT5 keeps it, accumulates on the open
 * position (floating in equity) and is realised into the balance, pro rata, when the position closes.
 * Every money figure is in the account currency: the converter turns a symbol's quote currency into it at
 * the current rate (floating P&L at the mark's, realised P&L at the fill's), and a position's margin is
 * booked at the rate of its opening.
 */
export class Ledger {
  readonly initialBalance: number;
  balance: number;
  equity: number;
  margin = 0;
  highWaterMark: number;
  maxDrawdown = 0;
  maxDrawdownPct = 0;
  commissionPaid = 0;
  /** every swap booked so far, open positions' included (negative is a charge) */
  swapTotal = 0;
  /** positions opened since the start */
  openedTotal = 0;
  readonly trades: ClosedTrade[] = [];
  readonly days: DayStats[] = [];
  private readonly open = new Map<string, Position>();
  /** the margin each open position holds (account currency, at its opening's rate) */
  private readonly marginOf = new Map<string, number>();
  private readonly contract: Float64Array;
  private readonly longVol: Float64Array;
  private readonly longCost: Float64Array;
  private readonly shortVol: Float64Array;
  private readonly shortCost: Float64Array;
  private readonly floating: Float64Array;
  readonly lastBid: Float64Array;
  readonly lastAsk: Float64Array;
  private floatingTotal = 0;
  /** swap accumulated on the open positions: part of equity, not yet of the balance */
  private openSwap = 0;
  private positionList: Position[] | undefined;
  private day: DayStats | undefined;
  private nextDayStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly instruments: InstrumentTable,
    initialBalance: number,
    private readonly dayBoundary: DayBoundary,
    /** the account currency and its rates (default: a USD account) */
    readonly converter: CurrencyConverter = new CurrencyConverter(instruments.specs, {
      accountCurrency: "USD",
    }),
  ) {
    const n = instruments.size;
    this.initialBalance = roundCents(initialBalance);
    this.balance = this.initialBalance;
    this.equity = this.initialBalance;
    this.highWaterMark = this.initialBalance;
    this.contract = Float64Array.from(instruments.specs, (s) => s.contractSize);
    this.longVol = new Float64Array(n);
    this.longCost = new Float64Array(n);
    this.shortVol = new Float64Array(n);
    this.shortCost = new Float64Array(n);
    this.floating = new Float64Array(n);
    this.lastBid = new Float64Array(n).fill(Number.NaN);
    this.lastAsk = new Float64Array(n).fill(Number.NaN);
  }

  get freeMargin(): number {
    return this.equity - this.margin;
  }

  /** Equity ÷ margin × 100, Infinity with no margin in use. */
  get marginLevelPct(): number {
    return this.margin > 0 ? (this.equity / this.margin) * 100 : Number.POSITIVE_INFINITY;
  }

  get floatingPnl(): number {
    return this.floatingTotal;
  }

  /** The open positions (an array shared until the next change: do not keep it across events). */
  get positions(): readonly Position[] {
    if (this.positionList === undefined) this.positionList = [...this.open.values()];
    return this.positionList;
  }

  position(id: string): Position | undefined {
    return this.open.get(id);
  }

  get openCount(): number {
    return this.open.size;
  }

  /** The current trading day (undefined before the first event). */
  get today(): DayStats | undefined {
    return this.day;
  }

  /** When the next trading day starts (the kernel treats it as an event). */
  get nextDayStartMs(): number {
    return this.nextDayStart;
  }

  /** True when the symbol has open volume, i.e. a price change moves equity. */
  exposed(sym: number): boolean {
    return this.longVol[sym] !== 0 || this.shortVol[sym] !== 0;
  }

  /**
   * Equity as a linear function of one symbol's prices while nothing else changes:
   * equity = out[0] + out[1] × bid − out[2] × ask. Lets a caller fold a run of ticks without a call each.
   * Exact only while the symbol converts no exposed symbol's money (see `nonLinear`).
   */
  equityCoefficients(sym: number, out: Float64Array): void {
    const c = this.contract[sym]! * this.converter.profitRate(sym);
    out[0] =
      this.balance +
      this.openSwap +
      this.floatingTotal -
      this.floating[sym]! +
      (this.shortCost[sym]! - this.longCost[sym]!) * c;
    out[1] = this.longVol[sym]! * c;
    out[2] = this.shortVol[sym]! * c;
  }

  /**
   * Takes in a run of ticks folded by the caller with equityCoefficients: the last prices, the highest
   * high-water mark, the deepest drawdown from a peak within the run (with that peak), and the run's
   * lowest and highest equity.
   * Leaves the books exactly as marking each tick would have.
   */
  absorbRun(
    sym: number,
    bid: number,
    ask: number,
    peak: number,
    drawdown: number,
    ddPeak: number,
    low: number,
    high: number,
  ): void {
    this.absorbExtremes(peak, drawdown, ddPeak, low, high);
    this.mark(sym, bid, ask);
  }

  /** A run's high-water mark, deepest drawdown (from ddPeak) and equity range, into the books and the day. */
  private absorbExtremes(peak: number, drawdown: number, ddPeak: number, low: number, high: number): void {
    if (peak > this.highWaterMark) this.highWaterMark = peak;
    if (drawdown > this.maxDrawdown) {
      this.maxDrawdown = drawdown;
      this.maxDrawdownPct = (drawdown / ddPeak) * 100;
    }
    const d = this.day;
    if (d !== undefined) {
      if (low < d.minEquity) d.minEquity = low;
      if (high > d.maxEquity) d.maxEquity = high;
    }
  }

  /** Balance plus the swap on the open positions: equity less the floating P&L. */
  get settledEquity(): number {
    return this.balance + this.openSwap;
  }

  /** A symbol's floating P&L as last marked. */
  floatingOf(sym: number): number {
    return this.floating[sym]!;
  }

  /**
   * Takes in a run of ticks of several symbols that a caller marked itself, with the ledger's own
   * arithmetic (foldTicks: per tick of an exposed symbol s, f = floatingAt(s, …), the floating total
   * += f − s's floating, equity = settledEquity + the floating total): `moved[s]` ticks of symbol s, the
   * last at bid[s]/ask[s], its floating P&L then floating[s]; the floating total at the end; the highest
   * high-water mark, the deepest drawdown from a peak within the run (with that peak), and the run's
   * lowest and highest equity. Leaves the books as marking each tick would have, to the bit.
   */
  absorbTicks(
    moved: Uint32Array,
    bid: Float64Array,
    ask: Float64Array,
    floating: Float64Array,
    floatingTotal: number,
    peak: number,
    drawdown: number,
    ddPeak: number,
    low: number,
    high: number,
  ): void {
    this.absorbExtremes(peak, drawdown, ddPeak, low, high);
    const conv = this.converter;
    let changed = false;
    for (let s = 0; s < moved.length; s++) {
      if (moved[s] === 0) continue;
      this.lastBid[s] = bid[s]!;
      this.lastAsk[s] = ask[s]!;
      conv.onQuote(s, bid[s]!, ask[s]!);
      if (this.exposed(s)) {
        this.floating[s] = floating[s]!;
        changed = true;
      } else if (conv.drives(s)) changed = true;
    }
    this.floatingTotal = floatingTotal;
    if (changed) this.updateEquity();
  }

  /** Advances the day boundary; call with every new time before anything else happens at it. */
  onTime(t: number): void {
    if (t >= this.nextDayStart) this.rollDay(t);
  }

  /**
   * True when equity is not linear in the symbol's prices: its price converts the money of an exposed
   * symbol (USDJPY in a USD account converts USDJPY's own, EURUSD converts GER40's).
   */
  nonLinear(sym: number): boolean {
    const deps = this.converter.convertedBy(sym);
    for (let i = 0; i < deps.length; i++) if (this.exposed(deps[i]!)) return true;
    return false;
  }

  /** Equity if `sym` were at bid/ask (and the rates it drives with it), everything else as marked. */
  equityAt(sym: number, bid: number, ask: number): number {
    let e = this.balance + this.openSwap + this.floatingTotal - this.floating[sym]!;
    e += this.floatingAt(sym, bid, ask, this.converter.profitRateIf(sym, sym, bid));
    const deps = this.converter.convertedBy(sym);
    for (let i = 0; i < deps.length; i++) {
      const j = deps[i]!;
      if (j === sym || !this.exposed(j)) continue;
      const rate = this.converter.profitRateIf(j, sym, bid);
      e += this.floatingAt(j, this.lastBid[j]!, this.lastAsk[j]!, rate) - this.floating[j]!;
    }
    return e;
  }

  /** Marks one symbol to market, and the symbols whose money its price converts; O(1) otherwise. */
  mark(sym: number, bid: number, ask: number): void {
    this.lastBid[sym] = bid;
    this.lastAsk[sym] = ask;
    const conv = this.converter;
    conv.onQuote(sym, bid, ask);
    if (conv.drives(sym)) {
      const deps = conv.convertedBy(sym);
      for (let i = 0; i < deps.length; i++) {
        const j = deps[i]!;
        if (j !== sym && this.exposed(j)) this.refloat(j);
      }
    }
    if (this.longVol[sym] === 0 && this.shortVol[sym] === 0) {
      if (conv.drives(sym)) this.updateEquity();
      return;
    }
    this.refloat(sym);
    this.updateEquity();
  }

  /** The margin one open position holds. */
  positionMargin(id: string): number {
    return this.marginOf.get(id) ?? 0;
  }

  /** Floating P&L of a symbol's open volume at these prices and rate (0 while a price or rate is unknown). */
  floatingAt(sym: number, bid: number, ask: number, rate: number): number {
    const lv = this.longVol[sym]!;
    const sv = this.shortVol[sym]!;
    if (lv === 0 && sv === 0) return 0;
    const f = (bid * lv - this.longCost[sym]! + this.shortCost[sym]! - ask * sv) * this.contract[sym]! * rate;
    return Number.isNaN(f) ? 0 : f;
  }

  /** Recomputes one symbol's floating P&L at its last prices and the current rate. */
  private refloat(sym: number): void {
    const f = this.floatingAt(sym, this.lastBid[sym]!, this.lastAsk[sym]!, this.converter.profitRate(sym));
    this.floatingTotal += f - this.floating[sym]!;
    this.floating[sym] = f;
  }

  /** Books a fill for `position` (the venue's view of the position the fill opened or reduced). */
  applyFill(fill: Fill, position: Position): ClosedTrade | undefined {
    this.positionList = undefined;
    const sym = this.instruments.index(fill.symbol);
    // a fill before the symbol's first quote (a position restored from a checkpoint, a broker's deal):
    // the market was at the fill's price, which is the rate the symbol's own money converts at
    if (Number.isNaN(this.lastBid[sym]!)) this.converter.onQuote(sym, fill.price, fill.price);
    this.commissionPaid = roundCents(this.commissionPaid + fill.commission);
    this.balance = roundCents(this.balance - fill.commission);
    let trade: ClosedTrade | undefined;
    if (fill.opening) {
      // a position restored from a checkpoint carries the swap it had accumulated
      const own: Position = {
        ...position,
        volume: fill.volume,
        commission: fill.commission,
        swap: position.swap ?? 0,
      };
      this.openSwap += own.swap!;
      this.open.set(own.id, own);
      this.addExposure(sym, own.side === "buy", fill.volume, own.openPrice);
      const rated = this.converter.margin(sym, fill.volume, own.openPrice, own.side === "buy");
      // NaN: another pair's rate not quoted yet (a restored position or a broker's deal; the simulated
      // venue refuses an entry it cannot price): it holds no margin rather than poisoning the account's
      const margin = Number.isNaN(rated) ? 0 : rated;
      this.marginOf.set(own.id, margin);
      this.margin += margin;
      this.openedTotal += 1;
      if (this.day) this.day.opened += 1;
    } else {
      const own = this.open.get(fill.positionId);
      if (own === undefined)
        throw new Error(`ledger: fill ${fill.orderId} closes unknown position ${fill.positionId}`);
      const long = own.side === "buy";
      const volume = Math.min(fill.volume, own.volume);
      // profit in the quote currency, converted at the rate of the fill (MT5: of the deal)
      const gross = roundCents(
        (long ? fill.price - own.openPrice : own.openPrice - fill.price) *
          volume *
          this.contract[sym]! *
          this.converter.profitRate(sym),
      );
      // The opening commission is attributed pro rata to the part closed.
      const share = volume / own.volume;
      const held = this.marginOf.get(own.id) ?? 0;
      const openCommission = roundCents(own.commission * share);
      own.commission = roundCents(own.commission - openCommission);
      const swap = roundCents((own.swap ?? 0) * share);
      own.swap = roundCents((own.swap ?? 0) - swap);
      this.openSwap -= swap;
      this.balance = roundCents(this.balance + gross + swap);
      this.addExposure(sym, long, -volume, own.openPrice);
      this.margin = Math.max(0, this.margin - held * share);
      own.volume = Number((own.volume - volume).toFixed(8));
      if (own.volume <= 0) {
        this.open.delete(own.id);
        this.marginOf.delete(own.id);
      } else this.marginOf.set(own.id, held * (1 - share));
      if (this.open.size === 0) this.margin = 0;
      const commission = roundCents(openCommission + fill.commission);
      trade = {
        positionId: own.id,
        source: own.source,
        symbol: own.symbol,
        side: own.side,
        volume,
        openTime: own.openTime,
        openPrice: own.openPrice,
        closeTime: fill.time,
        closePrice: fill.price,
        grossPnl: gross,
        commission,
        swap,
        netPnl: roundCents(gross - commission + swap),
        exitReason: fill.reason,
      };
      this.trades.push(trade);
      if (this.day) {
        this.day.closed += 1;
        this.day.realizedPnl = roundCents(this.day.realizedPnl + gross + swap);
      }
    }
    if (this.day) this.day.realizedPnl = roundCents(this.day.realizedPnl - fill.commission);
    this.remark(sym);
    return trade;
  }

  /**
   * Books a rollover's swap on an open position (the venue computed it, rounded to cents): it stays on
   * the position, in equity, until the position closes.
   */
  applySwap(positionId: string, amount: number): void {
    const own = this.open.get(positionId);
    if (own === undefined || amount === 0) return;
    this.positionList = undefined;
    own.swap = roundCents((own.swap ?? 0) + amount);
    this.openSwap += amount;
    this.swapTotal = roundCents(this.swapTotal + amount);
    this.updateEquity();
  }

  /**
   * Continues a saved account after a restart: its trading day goes on (the day's start balance, and so
   * a daily loss limit, stay as they were) and so do its high-water mark and drawdowns. Call after its
   * positions are restored (their fills open no position of the day) and before the first market event;
   * a first event on a later day starts that day as usual.
   */
  resume(saved: {
    day?: DayStats;
    highWaterMark: number;
    maxDrawdown: number;
    maxDrawdownPct: number;
  }): void {
    this.highWaterMark = Math.max(this.highWaterMark, saved.highWaterMark);
    this.maxDrawdown = Math.max(this.maxDrawdown, saved.maxDrawdown);
    this.maxDrawdownPct = Math.max(this.maxDrawdownPct, saved.maxDrawdownPct);
    if (saved.day === undefined) return;
    this.days.length = 0;
    this.day = { ...saved.day };
    this.nextDayStart = this.dayBoundary.nextStartMs(saved.day.startTime);
    this.days.push(this.day);
  }

  /** Updates SL/TP of an open position in the books. */
  setLevels(positionId: string, sl: number, tp: number): void {
    const own = this.open.get(positionId);
    if (own) {
      own.sl = sl;
      own.tp = tp;
    }
  }

  private addExposure(sym: number, long: boolean, volume: number, price: number): void {
    if (long) {
      this.longVol[sym] = this.longVol[sym]! + volume;
      this.longCost[sym] = this.longCost[sym]! + volume * price;
      if (Math.abs(this.longVol[sym]!) < 1e-12) this.longVol[sym] = this.longCost[sym] = 0;
    } else {
      this.shortVol[sym] = this.shortVol[sym]! + volume;
      this.shortCost[sym] = this.shortCost[sym]! + volume * price;
      if (Math.abs(this.shortVol[sym]!) < 1e-12) this.shortVol[sym] = this.shortCost[sym] = 0;
    }
  }

  private remark(sym: number): void {
    this.refloat(sym);
    if (this.open.size === 0) this.floatingTotal = this.openSwap = 0;
    this.updateEquity();
  }

  private updateEquity(): void {
    const e = this.balance + this.openSwap + this.floatingTotal;
    this.equity = e;
    if (e > this.highWaterMark) this.highWaterMark = e;
    const dd = this.highWaterMark - e;
    if (dd > this.maxDrawdown) {
      this.maxDrawdown = dd;
      this.maxDrawdownPct = (dd / this.highWaterMark) * 100;
    }
    const d = this.day;
    if (d !== undefined) {
      if (e < d.minEquity) d.minEquity = e;
      if (e > d.maxEquity) d.maxEquity = e;
      d.endEquity = e;
      d.endBalance = this.balance;
    }
  }

  private rollDay(t: number): void {
    const start = this.dayBoundary.dayStartMs(t);
    this.nextDayStart = this.dayBoundary.nextStartMs(t);
    this.day = {
      day: this.dayBoundary.dayKey(t),
      startTime: start,
      startBalance: this.balance,
      startEquity: this.equity,
      endBalance: this.balance,
      endEquity: this.equity,
      minEquity: this.equity,
      maxEquity: this.equity,
      realizedPnl: 0,
      opened: 0,
      closed: 0,
    };
    this.days.push(this.day);
  }
}
