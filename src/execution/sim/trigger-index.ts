import type { Order } from "../../model/order.js";
import type { Position } from "../../model/position.js";

const INF = Number.POSITIVE_INFINITY;
const NEG = Number.NEGATIVE_INFINITY;

/**
 * Per-symbol thresholds that tell in a few compares whether a price event can touch any order or
 * position: the highest stop loss of the longs, the lowest take profit of the longs, and so on.
 * Rebuilt only when orders or positions change.
 */
export class TriggerIndex {
  readonly queued: Int32Array;
  readonly expiry: Float64Array;
  private readonly longSlMax: Float64Array;
  private readonly longTpMin: Float64Array;
  private readonly shortSlMin: Float64Array;
  private readonly shortTpMax: Float64Array;
  private readonly buyStopMin: Float64Array;
  private readonly buyLimitMax: Float64Array;
  private readonly sellStopMax: Float64Array;
  private readonly sellLimitMin: Float64Array;

  constructor(n: number) {
    this.queued = new Int32Array(n);
    this.expiry = new Float64Array(n).fill(INF);
    this.longSlMax = new Float64Array(n).fill(NEG);
    this.longTpMin = new Float64Array(n).fill(INF);
    this.shortSlMin = new Float64Array(n).fill(INF);
    this.shortTpMax = new Float64Array(n).fill(NEG);
    this.buyStopMin = new Float64Array(n).fill(INF);
    this.buyLimitMax = new Float64Array(n).fill(NEG);
    this.sellStopMax = new Float64Array(n).fill(NEG);
    this.sellLimitMin = new Float64Array(n).fill(INF);
  }

  /** Could a price range [bidLow, bidHigh] / [askLow, askHigh] at `time` trigger anything? */
  hit(sym: number, time: number, bidLow: number, bidHigh: number, askLow: number, askHigh: number): boolean {
    return (
      this.queued[sym]! > 0 ||
      bidLow <= this.longSlMax[sym]! ||
      bidHigh >= this.longTpMin[sym]! ||
      askHigh >= this.shortSlMin[sym]! ||
      askLow <= this.shortTpMax[sym]! ||
      askHigh >= this.buyStopMin[sym]! ||
      askLow <= this.buyLimitMax[sym]! ||
      bidLow <= this.sellStopMax[sym]! ||
      bidHigh >= this.sellLimitMin[sym]! ||
      time >= this.expiry[sym]!
    );
  }

  rebuild(sym: number, pending: readonly Order[], positions: readonly Position[], queued: number): void {
    let longSlMax = NEG;
    let longTpMin = INF;
    let shortSlMin = INF;
    let shortTpMax = NEG;
    let buyStopMin = INF;
    let buyLimitMax = NEG;
    let sellStopMax = NEG;
    let sellLimitMin = INF;
    let expiry = INF;
    // NaN levels (none set) never win a comparison, so they drop out of min/max below.
    for (const p of positions) {
      if (p.side === "buy") {
        if (p.sl > longSlMax) longSlMax = p.sl;
        if (p.tp < longTpMin) longTpMin = p.tp;
      } else {
        if (p.sl < shortSlMin) shortSlMin = p.sl;
        if (p.tp > shortTpMax) shortTpMax = p.tp;
      }
    }
    for (const o of pending) {
      if (o.expiresAt < expiry) expiry = o.expiresAt;
      if (o.side === "buy") {
        if (o.type === "stop" && o.price < buyStopMin) buyStopMin = o.price;
        if (o.type === "limit" && o.price > buyLimitMax) buyLimitMax = o.price;
      } else {
        if (o.type === "stop" && o.price > sellStopMax) sellStopMax = o.price;
        if (o.type === "limit" && o.price < sellLimitMin) sellLimitMin = o.price;
      }
    }
    this.queued[sym] = queued;
    this.expiry[sym] = expiry;
    this.longSlMax[sym] = longSlMax;
    this.longTpMin[sym] = longTpMin;
    this.shortSlMin[sym] = shortSlMin;
    this.shortTpMax[sym] = shortTpMax;
    this.buyStopMin[sym] = buyStopMin;
    this.buyLimitMax[sym] = buyLimitMax;
    this.sellStopMax[sym] = sellStopMax;
    this.sellLimitMin[sym] = sellLimitMin;
  }
}
