import type { CurrencyConverter } from "../../model/currency-converter.js";
import { type InstrumentSpec, moneyPerPriceMove } from "../../model/instrument.js";
import type { MarginCallEvent } from "../../model/margin-call-event.js";
import type { Position } from "../../model/position.js";
import type { StopOutEvent } from "../../model/stop-out-event.js";
import type { AccountView, MarginAccountView } from "../venue.js";
import type { TriggerIndex } from "./trigger-index.js";

const INF = Number.POSITIVE_INFINITY;
const NEG = Number.NEGATIVE_INFINITY;

/**
 * Closes a stopped-out position of symbol `sym` at `price` (its exit side's quote); `event` says why (the
 * closer sets its time and fill price).
 */
type CloseOut = (position: Position, sym: number, price: number, event: StopOutEvent) => void;

/** MT5's usual stop-out level, and FTMO's servers': 50 % margin level (equity ÷ margin × 100). */
export const DEFAULT_STOP_OUT_PCT = 50;
/** MT5's usual margin call level, and FTMO's: 100 % (equity no longer covers the margin). */
export const DEFAULT_MARGIN_CALL_PCT = 100;

/** An account the venue can stop out: one that tells its margin and its equity as prices move. */
export function canStopOut(account: AccountView): account is MarginAccountView {
  const a = account as Partial<MarginAccountView>;
  return (
    typeof a.margin === "number" &&
    typeof a.equityCoefficients === "function" &&
    typeof a.equityAt === "function" &&
    typeof a.nonLinear === "function" &&
    a.lastBid !== undefined
  );
}

/**
 * The broker's stop-out as MT5 does it: when equity falls below `levelPct` % of the margin in use, the
 * position losing most (floating P&L and swap) is closed at market, then the next, until the margin level
 * is back above the level or nothing is open. Also the price band of every symbol inside which no stop-out
 * can happen, so that the kernel may skip ticks: the money between equity and the stop-out floor is shared
 * evenly among the exposed symbols, and each may lose its share before the venue has to look. A symbol
 * whose price converts an exposed symbol's money (equity is not linear in it) wakes the venue at every
 * price. Each position closed is told to the listener as a StopOutEvent with the margin level that
 * triggered it.
 */
export class StopOut {
  private readonly k = new Float64Array(3);
  /** below the margin call level since the venue last saw it */
  private inCall = false;

  constructor(
    private readonly account: MarginAccountView,
    private readonly specs: readonly InstrumentSpec[],
    private readonly converter: CurrencyConverter,
    /** the stop-out level in % (0: never) */
    private readonly levelPct: number,
    /**
     * the margin call level in % (0: never): entering it and leaving it are told to `onMarginCall`; it
     * closes nothing (MT5 only warns; a new position then needs free margin the account lacks)
     */
    private readonly callPct = DEFAULT_MARGIN_CALL_PCT,
    private readonly onMarginCall?: (event: MarginCallEvent) => void,
  ) {}

  /** Equity with `sym` at bid/ask and every other symbol at its last mark. */
  private equityAt(sym: number, bid: number, ask: number): number {
    return this.account.equityAt(sym, bid, ask);
  }

  /** The equity under which the account is stopped out (0 with no margin in use: nothing to stop). */
  private floor(): number {
    return (this.account.margin * this.levelPct) / 100;
  }

  /**
   * Below the floor by more than rounding noise (1e-6): equity exactly at the level is not below it, however
   * the floating sums were accumulated (tick by tick or in folded runs).
   */
  private breached(sym: number, bid: number, ask: number): boolean {
    return this.levelPct > 0 && this.account.margin > 0 && this.equityAt(sym, bid, ask) < this.floor() - 1e-6;
  }

  /**
   * The equity the venue must look at when crossed: the margin call level's while outside it (MT5 levels
   * are in one order: margin call above stop-out), then the stop-out's.
   */
  private watchFloor(): number {
    const call = (this.account.margin * this.callPct) / 100;
    return this.inCall || this.callPct <= 0 ? this.floor() : Math.max(this.floor(), call);
  }

  /** Enters or leaves the margin call with equity `equity` (after any stop-out of this event). */
  private checkCall(equity: number): void {
    if (this.callPct <= 0) return;
    const margin = this.account.margin;
    const below = margin > 0 && equity < (margin * this.callPct) / 100 - 1e-6;
    if (below === this.inCall) return;
    this.inCall = below;
    this.onMarginCall?.({
      time: 0,
      kind: below ? "entered" : "left",
      equity,
      margin,
      marginLevelPct: margin > 0 ? (equity / margin) * 100 : INF,
      marginCallPct: this.callPct,
    });
  }

  /**
   * The bid (ask = bid + spread) of `sym` between `from` (above the floor) and `to` (below it) at which
   * equity reaches the floor: solved when equity is linear in the price, else by bisection.
   */
  private crossing(sym: number, spread: number, from: number, to: number): number {
    if (this.account.nonLinear(sym)) {
      let ok = from;
      let bad = to;
      for (let i = 0; i < 60; i++) {
        const mid = (ok + bad) / 2;
        if (this.breached(sym, mid, mid + spread)) bad = mid;
        else ok = mid;
      }
      return bad;
    }
    const k = this.k;
    this.account.equityCoefficients(sym, k);
    const net = k[1]! - k[2]!;
    return net === 0 ? Number.NaN : (this.floor() - k[0]! + k[2]! * spread) / net;
  }

  /**
   * At a tick of `sym`: while the account is below the level, closes the position losing most — close(p,
   * its symbol, the bid or ask it exits at: `sym`'s quote, another symbol's last mark).
   */
  onTick(open: readonly Position[][], sym: number, bid: number, ask: number, close: CloseOut): void {
    // the margin call as the price is seen, then as the stop-out left the account
    this.checkCall(this.equityAt(sym, bid, ask));
    if (!this.breached(sym, bid, ask)) return;
    while (this.breached(sym, bid, ask) && this.closeWorst(open, sym, bid, ask, close));
    this.checkCall(this.equityAt(sym, bid, ask));
  }

  /**
   * At a bar of `sym` (bid prices, ask = bid + spread), after its stops and targets: the bar opens, then
   * goes to its extremes; the account is stopped out at the open when it opens below the level, else at
   * the price where equity crosses the level, and again further on while the bar reaches lower.
   */
  onBar(
    open: readonly Position[][],
    sym: number,
    o: number,
    high: number,
    low: number,
    spread: number,
    close: CloseOut,
  ): void {
    // the margin call at the bar's worst equity (its low or its high)
    this.checkCall(Math.min(this.equityAt(sym, low, low + spread), this.equityAt(sym, high, high + spread)));
    for (;;) {
      let px: number;
      if (this.breached(sym, o, o + spread)) px = o;
      else if (this.breached(sym, low, low + spread)) px = this.crossing(sym, spread, o, low);
      else if (this.breached(sym, high, high + spread)) px = this.crossing(sym, spread, o, high);
      else return;
      // the market is at px when the stop-out happens: rates its price drives move with it
      this.converter.onQuote(sym, px, px + spread);
      if (!this.closeWorst(open, sym, px, px + spread, close)) return;
    }
  }

  /** Closes the open position losing most at these prices (`sym` at bid/ask, the others at their marks). */
  private closeWorst(
    open: readonly Position[][],
    sym: number,
    bid: number,
    ask: number,
    close: CloseOut,
  ): boolean {
    let worst: Position | undefined;
    let worstSym = -1;
    let worstPrice = Number.NaN;
    let lowest = INF;
    for (let j = 0; j < open.length; j++) {
      const b = j === sym ? bid : this.account.lastBid[j]!;
      const a = j === sym ? ask : this.account.lastAsk[j]!;
      for (const p of open[j]!) {
        const long = p.side === "buy";
        const move = long ? b - p.openPrice : p.openPrice - a;
        const rate = this.converter.profitRateIf(j, sym, bid);
        const pnl = moneyPerPriceMove(this.specs[j]!, move, p.volume, rate) + (p.swap ?? 0);
        if (pnl < lowest || worst === undefined) {
          lowest = pnl;
          worst = p;
          worstSym = j;
          worstPrice = long ? b : a;
        }
      }
    }
    if (worst === undefined) return false;
    const equity = this.equityAt(sym, bid, ask);
    const margin = this.account.margin;
    close(worst, worstSym, worstPrice, {
      time: 0,
      positionId: worst.id,
      symbol: worst.symbol,
      volume: worst.volume,
      price: worstPrice,
      loss: lowest,
      equity,
      margin,
      marginLevelPct: (equity / margin) * 100,
      stopOutPct: this.levelPct,
    });
    return true;
  }

  /**
   * Sets every symbol's stop-out band in the trigger index, after an event of `sym` at bid/ask: a long
   * exposure wakes the venue when the bid falls by its share of the cushion, a short one when the ask
   * rises by it (a symbol held both ways splits its share between the two). An unknown price or no
   * cushion left wakes the venue on the next price.
   */
  bands(sym: number, bid: number, ask: number, out: TriggerIndex): void {
    const n = this.specs.length;
    const k = this.k;
    const margin = this.account.margin > 0;
    let exposed = 0;
    for (let j = 0; j < n; j++) {
      this.account.equityCoefficients(j, k);
      if (k[1] !== 0 || k[2] !== 0) exposed++;
    }
    const share = margin ? (this.equityAt(sym, bid, ask) - this.watchFloor()) / exposed : INF;
    for (let j = 0; j < n; j++) {
      this.account.equityCoefficients(j, k);
      const kb = k[1]!;
      const ka = k[2]!;
      if (margin && this.account.nonLinear(j)) {
        out.setStopOut(j, INF, NEG); // its price moves a rate: look at every one
        continue;
      }
      if (!margin || (kb === 0 && ka === 0)) {
        out.setStopOut(j, NEG, INF);
        continue;
      }
      const b = j === sym ? bid : this.account.lastBid[j]!;
      const a = j === sym ? ask : this.account.lastAsk[j]!;
      const loss = kb !== 0 && ka !== 0 ? share / 2 : share;
      const bidFloor = kb === 0 ? NEG : b - loss / kb;
      const askCeil = ka === 0 ? INF : a + loss / ka;
      // NaN (a price never seen) or no cushion: any price wakes the venue
      if (!(share > 0) || Number.isNaN(bidFloor) || Number.isNaN(askCeil)) out.setStopOut(j, INF, NEG);
      else out.setStopOut(j, bidFloor, askCeil);
    }
  }
}
