import type { Order } from "../model/order.js";
import type { ClosedTrade, Position } from "../model/position.js";
import type { DayStats } from "../portfolio/day-stats.js";

/**
 * The rows of the trading journal's tables, the same columns in SQLite and in PostgreSQL (which adds
 * node_id), and their mapping to the model: one place, so both backends read back the same values.
 */

/** NaN ("none": an order's fill price, a position's stop) is stored as NULL */
const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

export interface TradeRow {
  position_id: string;
  bot: string;
  symbol: string;
  side: "buy" | "sell";
  volume: number;
  open_market_ms: number;
  open_price: number;
  close_market_ms: number;
  close_price: number;
  gross_pnl: number;
  commission: number;
  swap: number | null;
  net_pnl: number;
  exit_reason: string;
}

export interface DayRow {
  day: string;
  start_market_ms: number;
  start_balance: number;
  /** null in rows written before the column existed */
  start_equity: number | null;
  end_balance: number;
  end_equity: number;
  min_equity: number;
  max_equity: number;
  realized_pnl: number;
  opened: number;
  closed: number;
}

/** an order's column values, in the order of ORDER_COLUMNS */
export const ORDER_COLUMNS =
  "id, bot, symbol, side, type, volume, state, reason, code, created_market_ms, updated_market_ms, fill_price";

/** on an order stored already, what its next state updates */
export const ORDER_UPDATE =
  "state = excluded.state, reason = excluded.reason, code = excluded.code, updated_market_ms = excluded.updated_market_ms, fill_price = excluded.fill_price";

export const orderParams = (o: Readonly<Order>): unknown[] => [
  o.id,
  o.source,
  o.symbol,
  o.side,
  o.type,
  o.volume,
  o.state,
  o.reason,
  o.code ?? null,
  o.createdAt,
  o.updatedAt,
  num(o.fillPrice),
];

/** a position's column values, in the order of POSITION_COLUMNS */
export const POSITION_COLUMNS = "id, bot, symbol, side, volume, open_price, open_market_ms, sl, tp";

export const positionParams = (p: Readonly<Position>): unknown[] => [
  p.id,
  p.source,
  p.symbol,
  p.side,
  p.volume,
  p.openPrice,
  p.openTime,
  num(p.sl),
  num(p.tp),
];

/** a trade's column values, in the order of TRADE_COLUMNS */
export const TRADE_COLUMNS =
  "position_id, bot, symbol, side, volume, open_market_ms, open_price, close_market_ms, close_price, gross_pnl, commission, swap, net_pnl, exit_reason";

export const tradeParams = (t: Readonly<ClosedTrade>): unknown[] => [
  t.positionId,
  t.source,
  t.symbol,
  t.side,
  t.volume,
  t.openTime,
  t.openPrice,
  t.closeTime,
  t.closePrice,
  t.grossPnl,
  t.commission,
  t.swap ?? 0,
  t.netPnl,
  t.exitReason,
];

export const tradeOf = (r: TradeRow): ClosedTrade => ({
  positionId: r.position_id,
  source: r.bot,
  symbol: r.symbol,
  side: r.side,
  volume: r.volume,
  openTime: r.open_market_ms,
  openPrice: r.open_price,
  closeTime: r.close_market_ms,
  closePrice: r.close_price,
  grossPnl: r.gross_pnl,
  commission: r.commission,
  swap: r.swap ?? 0,
  netPnl: r.net_pnl,
  exitReason: r.exit_reason,
});

/** a day's column values, in the order of DAY_COLUMNS */
export const DAY_COLUMNS =
  "day, start_market_ms, start_balance, start_equity, end_balance, end_equity, min_equity, max_equity, realized_pnl, opened, closed";

/** on a day stored already, what a later save updates (its start stays as first written) */
export const DAY_UPDATE =
  "end_balance = excluded.end_balance, end_equity = excluded.end_equity, min_equity = excluded.min_equity, max_equity = excluded.max_equity, realized_pnl = excluded.realized_pnl, opened = excluded.opened, closed = excluded.closed";

export const dayParams = (d: Readonly<DayStats>): unknown[] => [
  d.day,
  d.startTime,
  d.startBalance,
  d.startEquity,
  d.endBalance,
  d.endEquity,
  d.minEquity,
  d.maxEquity,
  d.realizedPnl,
  d.opened,
  d.closed,
];

export const dayOf = (r: DayRow): DayStats => ({
  day: r.day,
  startTime: r.start_market_ms,
  startBalance: r.start_balance,
  startEquity: r.start_equity ?? r.start_balance,
  endBalance: r.end_balance,
  endEquity: r.end_equity,
  minEquity: r.min_equity,
  maxEquity: r.max_equity,
  realizedPnl: r.realized_pnl,
  opened: r.opened,
  closed: r.closed,
});

/**
 * The days `saveDays` still writes: a day is written until the call after it ended, so nothing is lost
 * when several days pass between two saves (a fast replay, a weekend); `openDay` is the last day the
 * previous call wrote ("" at first: every day).
 */
export const pendingDays = (
  days: readonly Readonly<DayStats>[],
  openDay: string,
): readonly Readonly<DayStats>[] => days.filter((d) => d.day >= openDay);
