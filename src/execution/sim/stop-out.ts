import { type InstrumentSpec, moneyPerPriceMove } from "../../model/instrument.js";
import type { Position } from "../../model/position.js";
import type { AccountView, MarginAccountView } from "../venue.js";
import type { TriggerIndex } from "./trigger-index.js";

const INF = Number.POSITIVE_INFINITY;
const NEG = Number.NEGATIVE_INFINITY;

/** Closes a stopped-out position of symbol `sym` at `price` (its exit side's quote). */
type CloseOut = (position: Position, sym: number, price: number) => void;

/** MT5's usual stop-out level, and FTMO's servers': 50 % margin level (equity ÷ margin × 100). */
export const DEFAULT_STOP_OUT_PCT = 50;

/** An account the venue can stop out: one that tells its margin and its equity as prices move. */
export function canStopOut(account: AccountView): account is MarginAccountView {
  const a = account as Partial<MarginAccountView>;
  return (
    typeof a.margin === "number" && typeof a.equityCoefficients === "function" && a.lastBid !== undefined
  );
}

/**
 * The broker's stop-out as MT5 does it: when equity falls below `levelPct` % of the margin in use, the
 * position losing most (floating P&L and swap) is closed at market, then the next, until the margin level
 * is back above the level or nothing is open. Also the price band of every symbol inside which no stop-out
 * can happen, so that the kernel may skip ticks: the money between equity and the stop-out floor is shared
 * evenly among the exposed symbols, and each may lose its share before the venue has to look.
 */
export class StopOut {
  private readonly k = new Float64Array(3);

  constructor(
    private readonly account: MarginAccountView,
    private readonly specs: readonly InstrumentSpec[],
    private readonly levelPct: number,
  ) {}

  /** Equity with `sym` at bid/ask and every other symbol at its last mark. */
  private equityAt(sym: number, bid: number, ask: number): number {
    const k = this.k;
    this.account.equityCoefficients(sym, k);
    return k[0]! + k[1]! * bid - k[2]! * ask;
  }

  /** The equity under which the account is stopped out (0 with no margin in use: nothing to stop). */
  private floor(): number {
    return (this.account.margin * this.levelPct) / 100;
  }

  private breached(sym: number, bid: number, ask: number): boolean {
    return this.account.margin > 0 && this.equityAt(sym, bid, ask) < this.floor();
  }

  /** The bid (ask = bid + spread) of `sym` at which equity reaches the floor, or NaN if it never does. */
  private crossing(sym: number, spread: number): number {
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
    while (this.breached(sym, bid, ask) && this.closeWorst(open, sym, bid, ask, close));
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
    for (;;) {
      let px: number;
      if (this.breached(sym, o, o + spread)) px = o;
      else if (this.breached(sym, low, low + spread) || this.breached(sym, high, high + spread))
        px = this.crossing(sym, spread);
      else return;
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
        const pnl = moneyPerPriceMove(this.specs[j]!, move, p.volume) + (p.swap ?? 0);
        if (pnl < lowest || worst === undefined) {
          lowest = pnl;
          worst = p;
          worstSym = j;
          worstPrice = long ? b : a;
        }
      }
    }
    if (worst === undefined) return false;
    close(worst, worstSym, worstPrice);
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
    const share = margin ? (this.equityAt(sym, bid, ask) - this.floor()) / exposed : INF;
    for (let j = 0; j < n; j++) {
      this.account.equityCoefficients(j, k);
      const kb = k[1]!;
      const ka = k[2]!;
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
