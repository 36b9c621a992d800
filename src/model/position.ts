import type { Side } from "./side.js";

export interface Position {
  readonly id: string;
  readonly source: string;
  readonly symbol: string;
  readonly side: Side;
  volume: number;
  readonly openPrice: number;
  readonly openTime: number;
  /** NaN when none */
  sl: number;
  tp: number;
  /** commission paid so far on this position (account currency) */
  commission: number;
  /** swap accumulated at rollovers so far (account currency, negative is a charge; absent is 0) */
  swap?: number;
  readonly tag: string;
}

/** A closed round trip (or the closed part of one). */
export interface ClosedTrade {
  positionId: string;
  source: string;
  symbol: string;
  side: Side;
  volume: number;
  openTime: number;
  openPrice: number;
  closeTime: number;
  closePrice: number;
  grossPnl: number;
  commission: number;
  /** swap of the part closed (negative is a charge; absent is 0: trades booked before swaps were) */
  swap?: number;
  /** grossPnl − commission + swap */
  netPnl: number;
  exitReason: string;
}
