/** One closed round trip, as the statistics need it. Bars are indexes into {@link StatsInput}'s arrays. */
export interface StatsTrade {
  /** signed units: positive long, negative short */
  size: number;
  entryBar: number;
  exitBar: number;
  entryPrice: number;
  exitPrice: number;
  /** commission paid on both fills (positive) */
  commission: number;
  /** net profit in the account currency: size·(exit − entry)·(contract value) − commission */
  pnl: number;
}

/**
 * What every statistics convention reads: the account's equity marked at each bar's close, the bars'
 * closes (the buy-and-hold benchmark) and the closed trades. Times are bar times in ms UTC.
 */
export interface StatsInput {
  time: readonly number[];
  equity: readonly number[];
  close: readonly number[];
  trades: readonly StatsTrade[];
  /** bars an indicator needed before the strategy could act: the buy-and-hold return starts there */
  warmupBars: number;
  /** annual risk-free rate as a fraction (default 0) */
  riskFreeRate?: number;
  /** orders filled and fees paid over the run, open positions' included (LEAN reports both) */
  orders?: number;
  fees?: number;
  /** every fill's time and traded value (|units × price|): LEAN's portfolio turnover */
  fills?: ReadonlyArray<{ time: number; value: number }>;
}

/** A statistic's value: a number, or null where the convention gives no number (no trades, no variance). */
type StatValue = number | string | null;

/** Statistics under their peer's own labels, in the peer's order. */
export type StatsTable = Array<{ name: string; value: StatValue }>;

/** Return of a trade relative to its entry price, net of commission (backtesting.py's `pl_pct`). */
export const tradeReturn = (t: StatsTrade): number =>
  Math.sign(t.size) * (t.exitPrice / t.entryPrice - 1) - t.commission / (Math.abs(t.size) * t.entryPrice);
