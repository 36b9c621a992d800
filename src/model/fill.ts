import type { Side } from "./side.js";

export type FillReason = "market" | "limit" | "stop" | "sl" | "tp" | "close" | "stop-out";

/** One execution. Opening fills have realizedPnl 0; closing fills carry the gross P&L they realised. */
export interface Fill {
  orderId: string;
  positionId: string;
  symbol: string;
  side: Side;
  price: number;
  volume: number;
  time: number;
  /** account currency, rounded to cents, ≥ 0 */
  commission: number;
  /** gross P&L realised by this fill in account currency, rounded to cents */
  realizedPnl: number;
  reason: FillReason;
  /** true when the fill opens (or adds to) a position */
  opening: boolean;
}
