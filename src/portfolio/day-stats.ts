/** One trading day of the account (the day boundary is configurable; default midnight Europe/Prague). */
export interface DayStats {
  /** YYYY-MM-DD of the day's local start */
  day: string;
  startTime: number;
  startBalance: number;
  startEquity: number;
  endBalance: number;
  endEquity: number;
  minEquity: number;
  maxEquity: number;
  /** realised P&L net of commissions booked during the day */
  realizedPnl: number;
  /** positions opened during the day */
  opened: number;
  /** positions (or parts) closed during the day */
  closed: number;
}
