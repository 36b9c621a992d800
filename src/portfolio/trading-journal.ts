import type { Order } from "../model/order.js";
import type { ClosedTrade, Position } from "../model/position.js";
import type { DayStats } from "./day-stats.js";

/**
 * Where a running trader keeps its record: every order state, every closed trade, the open positions
 * and each day's statistics, and the rule state (a JSON document): in the node's SQLite file, or in
 * PostgreSQL under the node's id.
 */
export interface TradingJournal {
  recordOrder(order: Readonly<Order>): void;
  recordTrade(trade: Readonly<ClosedTrade>): void;
  /** replaces the stored open positions */
  savePositions(positions: readonly Position[]): void;
  saveDay(day: Readonly<DayStats>): void;
  /** every day of the run (the ledger's `days`): a day that ended between two saves is kept too */
  saveDays(days: readonly Readonly<DayStats>[]): void;
  saveRuleState(state: unknown, time: number): void;
  /** the closed trades, in the order they were recorded */
  trades(): ClosedTrade[];
  /** the stored days, oldest first */
  days(): DayStats[];
  loadRuleState(): unknown;
  close(): void;
}
