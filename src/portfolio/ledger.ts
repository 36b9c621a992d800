import { roundCents } from "../core/rounding.js";
import type { DayBoundary } from "../core/time.js";
import type { Fill } from "../model/fill.js";
import { marginFor } from "../model/instrument.js";
import type { InstrumentTable } from "../model/instrument-table.js";
import type { ClosedTrade, Position } from "../model/position.js";
import type { DayStats } from "./day-stats.js";

/**
 * The account's books: balance, positions, floating P&L, equity, margin, high-water mark, drawdown and
 * per-day statistics. Floating P&L is kept per symbol from running sums (volume and volume × price for
 * each side), so marking a tick is O(1) whatever the number of positions. Realised money is rounded to
 * cents when it is booked; floating P&L is not rounded. Swap, as MT5 keeps it, accumulates on the open
 * position (floating in equity) and is realised into the balance, pro rata, when the position closes.
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
  ) {
    const n = instruments.size;
    this.initialBalance = roundCents(initialBalance);
    this.balance = this.initialBalance;
    this.equity = this.initialBalance;
    this.highWaterMark = this.initialBalance;
    this.contract = Float64Array.from(instruments.specs, (s) => s.contractSize * s.quoteToAccount);
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
   */
  equityCoefficients(sym: number, out: Float64Array): void {
    const c = this.contract[sym]!;
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
    this.mark(sym, bid, ask);
  }

  /** Advances the day boundary; call with every new time before anything else happens at it. */
  onTime(t: number): void {
    if (t >= this.nextDayStart) this.rollDay(t);
  }

  /** Marks one symbol to market; O(1). */
  mark(sym: number, bid: number, ask: number): void {
    this.lastBid[sym] = bid;
    this.lastAsk[sym] = ask;
    const lv = this.longVol[sym]!;
    const sv = this.shortVol[sym]!;
    if (lv === 0 && sv === 0) return;
    const f = (bid * lv - this.longCost[sym]! + this.shortCost[sym]! - ask * sv) * this.contract[sym]!;
    this.floatingTotal += f - this.floating[sym]!;
    this.floating[sym] = f;
    this.updateEquity();
  }

  /** Books a fill for `position` (the venue's view of the position the fill opened or reduced). */
  applyFill(fill: Fill, position: Position): ClosedTrade | undefined {
    this.positionList = undefined;
    const sym = this.instruments.index(fill.symbol);
    const spec = this.instruments.specs[sym]!;
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
      this.margin += marginFor(spec, fill.volume, own.openPrice);
      this.openedTotal += 1;
      if (this.day) this.day.opened += 1;
    } else {
      const own = this.open.get(fill.positionId);
      if (own === undefined)
        throw new Error(`ledger: fill ${fill.orderId} closes unknown position ${fill.positionId}`);
      const long = own.side === "buy";
      const volume = Math.min(fill.volume, own.volume);
      const gross = roundCents(
        (long ? fill.price - own.openPrice : own.openPrice - fill.price) * volume * this.contract[sym]!,
      );
      // The opening commission is attributed pro rata to the part closed.
      const share = volume / own.volume;
      const openCommission = roundCents(own.commission * share);
      own.commission = roundCents(own.commission - openCommission);
      const swap = roundCents((own.swap ?? 0) * share);
      own.swap = roundCents((own.swap ?? 0) - swap);
      this.openSwap -= swap;
      this.balance = roundCents(this.balance + gross + swap);
      this.addExposure(sym, long, -volume, own.openPrice);
      this.margin = Math.max(0, this.margin - marginFor(spec, volume, own.openPrice));
      own.volume = Number((own.volume - volume).toFixed(8));
      if (own.volume <= 0) this.open.delete(own.id);
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
    const lv = this.longVol[sym]!;
    const sv = this.shortVol[sym]!;
    const bid = this.lastBid[sym]!;
    const ask = this.lastAsk[sym]!;
    const f =
      lv === 0 && sv === 0
        ? 0
        : (bid * lv - this.longCost[sym]! + this.shortCost[sym]! - ask * sv) * this.contract[sym]!;
    this.floatingTotal += (Number.isNaN(f) ? 0 : f) - this.floating[sym]!;
    this.floating[sym] = Number.isNaN(f) ? 0 : f;
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
