import type { Side } from "./side.js";

export type FillReason = "market" | "limit" | "stop" | "sl" | "tp" | "close" | "stop-out";

/** One execution at the venue. The ledger turns closing fills into realised P&L. */
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
  reason: FillReason;
  /** true when the fill opens (or adds to) a position */
  opening: boolean;
}
