import type { Order } from "../../model/order.js";
import type { Position } from "../../model/position.js";
import type { PriceWatch } from "../venue.js";

const INF = Number.POSITIVE_INFINITY;
const NEG = Number.NEGATIVE_INFINITY;

/**
 * The simulated venue's price watch: per symbol, the highest price at or below which a bid triggers
 * something (a long's stop loss, a sell stop), the lowest at or above which it does (a long's target, a
 * sell limit), the same two for the ask, and the time of the next expiry or swap rollover (−∞ while a
 * market order waits, so the next price event always wakes the venue). Rebuilt only when orders or
 * positions change. A stop-out band (the prices at which the account could reach its stop-out level) is
 * kept apart and narrows the orders' and levels' band.
 */
export class TriggerIndex implements PriceWatch {
  readonly bidFloor: Float64Array;
  readonly bidCeil: Float64Array;
  readonly askFloor: Float64Array;
  readonly askCeil: Float64Array;
  readonly wakeAt: Float64Array;
  private readonly expiry: Float64Array;
  private readonly queued: Int32Array;
  private readonly rollover: Float64Array;
  private readonly levelBidFloor: Float64Array;
  private readonly levelAskCeil: Float64Array;
  private readonly stopOutBidFloor: Float64Array;
  private readonly stopOutAskCeil: Float64Array;

  constructor(n: number) {
    this.bidFloor = new Float64Array(n).fill(NEG);
    this.bidCeil = new Float64Array(n).fill(INF);
    this.askFloor = new Float64Array(n).fill(NEG);
    this.askCeil = new Float64Array(n).fill(INF);
    this.wakeAt = new Float64Array(n).fill(INF);
    this.expiry = new Float64Array(n).fill(INF);
    this.queued = new Int32Array(n);
    this.rollover = new Float64Array(n).fill(INF);
    this.levelBidFloor = new Float64Array(n).fill(NEG);
    this.levelAskCeil = new Float64Array(n).fill(INF);
    this.stopOutBidFloor = new Float64Array(n).fill(NEG);
    this.stopOutAskCeil = new Float64Array(n).fill(INF);
  }

  /** Could a price range [bidLow, bidHigh] / [askLow, askHigh] at `time` trigger anything? */
  hit(sym: number, time: number, bidLow: number, bidHigh: number, askLow: number, askHigh: number): boolean {
    return (
      time >= this.wakeAt[sym]! ||
      bidLow <= this.bidFloor[sym]! ||
      bidHigh >= this.bidCeil[sym]! ||
      askLow <= this.askFloor[sym]! ||
      askHigh >= this.askCeil[sym]!
    );
  }

  nextExpiry(sym: number): number {
    return this.expiry[sym]!;
  }

  setQueued(sym: number, count: number): void {
    this.queued[sym] = count;
    this.wakeAt[sym] = count > 0 ? NEG : Math.min(this.expiry[sym]!, this.rollover[sym]!);
  }

  /** The next swap rollover of the symbol's open positions (+∞ with none to charge). */
  setRollover(sym: number, time: number): void {
    this.rollover[sym] = time;
    this.setQueued(sym, this.queued[sym]!);
  }

  /** The bid at or below which, and the ask at or above which, the account may reach its stop-out level. */
  setStopOut(sym: number, bidFloor: number, askCeil: number): void {
    this.stopOutBidFloor[sym] = bidFloor;
    this.stopOutAskCeil[sym] = askCeil;
    this.bidFloor[sym] = Math.max(this.levelBidFloor[sym]!, bidFloor);
    this.askCeil[sym] = Math.min(this.levelAskCeil[sym]!, askCeil);
  }

  rebuild(sym: number, pending: readonly Order[], positions: readonly Position[], queued: number): void {
    let bidFloor = NEG;
    let bidCeil = INF;
    let askFloor = NEG;
    let askCeil = INF;
    let expiry = INF;
    // NaN levels (none set) never win a comparison, so they drop out of the min/max below.
    for (const p of positions) {
      if (p.side === "buy") {
        if (p.sl > bidFloor) bidFloor = p.sl;
        if (p.tp < bidCeil) bidCeil = p.tp;
      } else {
        if (p.sl < askCeil) askCeil = p.sl;
        if (p.tp > askFloor) askFloor = p.tp;
      }
    }
    for (const o of pending) {
      if (o.expiresAt < expiry) expiry = o.expiresAt;
      if (o.side === "buy") {
        if (o.type === "stop" && o.price < askCeil) askCeil = o.price;
        if (o.type === "limit" && o.price > askFloor) askFloor = o.price;
      } else {
        if (o.type === "stop" && o.price > bidFloor) bidFloor = o.price;
        if (o.type === "limit" && o.price < bidCeil) bidCeil = o.price;
      }
    }
    this.levelBidFloor[sym] = bidFloor;
    this.levelAskCeil[sym] = askCeil;
    this.bidFloor[sym] = Math.max(bidFloor, this.stopOutBidFloor[sym]!);
    this.bidCeil[sym] = bidCeil;
    this.askFloor[sym] = askFloor;
    this.askCeil[sym] = Math.min(askCeil, this.stopOutAskCeil[sym]!);
    this.expiry[sym] = expiry;
    this.setQueued(sym, queued);
  }
}
