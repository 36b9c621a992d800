import type { StatsTrade } from "../../portfolio/stats-input.js";

/** The bars a peer broker trades on. */
export interface PeerBars {
  time: readonly number[];
  open: readonly number[];
  close: readonly number[];
}

/** 1 − machine epsilon: backtesting.py's "all available margin" order size. */
export const FULL_EQUITY = 1 - Number.EPSILON;

interface OpenTrade {
  size: number;
  entryBar: number;
  entryPrice: number;
}

type Order = { kind: "close"; trade: OpenTrade } | { kind: "market"; fraction: number };

/**
 * backtesting.py's broker with its defaults (cash account, margin 1, no commission, no spread, hedging
 * and exclusive orders off), as its documentation and source state it:
 * - orders placed while processing bar i are filled at the OPEN of bar i + 1, in queue order, a trade's
 *   close orders ahead of new orders;
 * - a fractional size f means all-in: units = ⌊(margin available · f) / price⌋ (Python's float floor
 *   division), margin available = equity − Σ |size|·close, equity = cash + Σ size·(close − entry), both
 *   marked at the fill bar's close; whole units only; an order that buys nothing is cancelled;
 * - a new order first closes opposite trades (FIFO), then opens the rest if margin covers it;
 * - equity is recorded at every bar's close from the first bar the strategy runs on (earlier bars take
 *   that first value); `finalize()` closes what is still open at the OPEN of the last bar, as
 *   backtesting.py's `finalize_trades=True` re-runs the broker on the last bar.
 */
export class AllInBroker {
  cash: number;
  readonly closed: StatsTrade[] = [];
  readonly equity: number[];
  private trades: OpenTrade[] = [];
  private orders: Order[] = [];
  private readonly bars: PeerBars;
  private i = -1;

  constructor(bars: PeerBars, cash: number) {
    this.bars = bars;
    this.cash = cash;
    this.equity = new Array<number>(bars.time.length).fill(Number.NaN);
  }

  get position(): number {
    return this.trades.reduce((a, t) => a + t.size, 0);
  }

  /** Queues a close of every open trade, ahead of other orders (position.close()). */
  closePosition(): void {
    for (const trade of this.trades) this.orders.unshift({ kind: "close", trade });
  }

  /** Queues an all-in buy (fraction > 0) or sell (fraction < 0). */
  order(fraction: number): void {
    this.orders.push({ kind: "market", fraction });
  }

  /** Moves to bar i: fills the queued orders at its open, then marks equity at its close. */
  next(i: number): void {
    this.i = i;
    this.processOrders();
    this.equity[i] = this.markedEquity();
  }

  /** Closes every open trade at the last processed bar's open and records its equity again. */
  finalize(): void {
    for (const trade of [...this.trades].reverse()) this.orders.unshift({ kind: "close", trade });
    if (this.i >= 0) this.next(this.i);
  }

  /** The equity curve with the bars before the first `next` filled backwards (pandas bfill). */
  curve(): number[] {
    const out = [...this.equity];
    let later = this.cash;
    for (let k = out.length - 1; k >= 0; k--) {
      if (Number.isNaN(out[k]!)) out[k] = later;
      else later = out[k]!;
    }
    return out;
  }

  private markedEquity(): number {
    const c = this.bars.close[this.i]!;
    return this.cash + this.trades.reduce((a, t) => a + t.size * (c - t.entryPrice), 0);
  }

  private marginAvailable(): number {
    const c = this.bars.close[this.i]!;
    const used = this.trades.reduce((a, t) => a + Math.abs(t.size) * c, 0);
    return Math.max(0, this.markedEquity() - used);
  }

  private processOrders(): void {
    const price = this.bars.open[this.i]!;
    for (const order of [...this.orders]) {
      if (!this.orders.includes(order)) continue;
      this.orders.splice(this.orders.indexOf(order), 1);
      if (order.kind === "close") {
        if (this.trades.includes(order.trade)) this.closeTrade(order.trade, price);
        continue;
      }
      let need =
        Math.sign(order.fraction) * floorDiv(this.marginAvailable() * Math.abs(order.fraction), price);
      if (need === 0) continue;
      for (const trade of [...this.trades]) {
        if (Math.sign(trade.size) === Math.sign(need)) continue;
        if (Math.abs(need) >= Math.abs(trade.size)) {
          this.closeTrade(trade, price);
          need += trade.size;
        } else {
          // reduce the trade by closing a part of it the size of the order
          trade.size += need;
          this.book({ ...trade, size: -need }, price);
          need = 0;
        }
        if (need === 0) break;
      }
      if (Math.abs(need) * price > this.marginAvailable()) continue;
      if (need !== 0) this.trades.push({ size: need, entryBar: this.i, entryPrice: price });
    }
  }

  private closeTrade(trade: OpenTrade, price: number): void {
    this.trades.splice(this.trades.indexOf(trade), 1);
    this.book(trade, price);
  }

  private book(trade: OpenTrade, price: number): void {
    const pnl = trade.size * (price - trade.entryPrice);
    this.closed.push({ ...trade, exitBar: this.i, exitPrice: price, commission: 0, pnl });
    this.cash += pnl;
  }
}

/** Python's float floor division a // b for a ≥ 0, b > 0 (fmod first, so the result is the exact floor). */
export function floorDiv(a: number, b: number): number {
  const mod = a % b;
  const div = (a - mod) / b;
  let q = Math.floor(div);
  if (div - q > 0.5) q += 1;
  return q;
}
