import type { InstrumentSpec } from "../../model/instrument.js";
import type { Order as KernelOrder } from "../../model/order.js";
import type { ClosedTrade, Position as KernelPosition } from "../../model/position.js";
import type { Page, PageQuery } from "./paging.js";
import type { Order, Position, Trade } from "./trading-schemas.js";

/** Money as the API shows it: cents. */
export const cents = (x: number): number => Math.round(x * 100) / 100;

/** One page of a list the node holds in full. */
export function pageOf<T>(all: readonly T[], q: PageQuery): Page<T> {
  return {
    items: all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
    page: q.page,
    pageSize: q.pageSize,
    total: all.length,
  };
}

/** An open position marked at `current` (the price it would close at). */
export function positionRow(
  x: KernelPosition,
  current: number,
  spec: InstrumentSpec,
  owner: string,
  /** the account's current rate for the symbol's quote currency (ledger.converter.profitRate) */
  quoteToAccount: number,
): Position {
  const dir = x.side === "buy" ? 1 : -1;
  return {
    id: x.id,
    symbol: x.symbol,
    side: x.side === "buy" ? "long" : "short",
    lots: x.volume,
    openPrice: x.openPrice,
    currentPrice: current,
    openPnl: cents((current - x.openPrice) * dir * x.volume * spec.contractSize * quoteToAccount),
    stopLoss: Number.isNaN(x.sl) ? null : x.sl,
    takeProfit: Number.isNaN(x.tp) ? null : x.tp,
    openedAtMs: Math.max(0, x.openTime),
    owner,
  };
}

export function orderRow(o: KernelOrder, owner: string): Order {
  return {
    id: o.id,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    lots: o.volume,
    price: Number.isNaN(o.price) ? null : o.price,
    status: o.state,
    createdAtMs: Math.max(0, o.createdAt),
    owner,
  };
}

export function tradeRow(t: ClosedTrade, owner: string): Trade {
  return {
    id: t.positionId,
    symbol: t.symbol,
    side: t.side === "buy" ? "long" : "short",
    lots: t.volume,
    openPrice: t.openPrice,
    closePrice: t.closePrice,
    openedAtMs: Math.max(0, t.openTime),
    closedAtMs: Math.max(0, t.closeTime),
    pnl: cents(t.netPnl),
    commission: cents(t.commission),
    owner,
  };
}

/** The line a control action leaves in the node's log: when (wall), who, what. */
export function operatorLine(wallMs: number, who: string, what: string): string {
  return `${new Date(wallMs).toISOString()} (wall) operator ${who}: ${what}`;
}
