import type { ClosedTrade } from "../model/position.js";
import type { DayStats } from "./day-stats.js";

/**
 * A Sharpe ratio from fewer daily returns than this is noise (two days give a number, not a measure):
 * below it `sharpe` is null and reports say how many days there were.
 */
export const MIN_SHARPE_DAYS = 20;

export interface PerformanceStats {
  trades: number;
  wins: number;
  losses: number;
  /** % of closed trades with net P&L > 0; null with no trades */
  winRatePct: number | null;
  grossProfit: number;
  grossLoss: number;
  /** gross profit ÷ gross loss (net of commission); null when there is no loss */
  profitFactor: number | null;
  netProfit: number;
  returnPct: number;
  maxDrawdown: number;
  maxDrawdownPct: number;
  /** annualised (√252) Sharpe of daily equity returns, risk-free rate 0; null under MIN_SHARPE_DAYS returns or with no variance */
  sharpe: number | null;
  /** the daily returns the Sharpe ratio is (or would be) computed from */
  sharpeDays: number;
  tradingDays: number;
}

const round = (x: number, d: number): number => Number(x.toFixed(d));

export function computeStats(
  trades: readonly ClosedTrade[],
  days: readonly DayStats[],
  initialBalance: number,
  finalEquity: number,
  maxDrawdown: number,
  maxDrawdownPct: number,
): PerformanceStats {
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (const t of trades) {
    if (t.netPnl > 0) {
      wins++;
      grossProfit += t.netPnl;
    } else grossLoss -= t.netPnl;
  }
  const returns: number[] = [];
  let prev = initialBalance;
  for (const d of days) {
    if (prev > 0) returns.push(d.endEquity / prev - 1);
    prev = d.endEquity;
  }
  let sharpe: number | null = null;
  if (returns.length >= MIN_SHARPE_DAYS) {
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const variance = returns.reduce((a, b) => a + (b - mean) ** 2, 0) / (returns.length - 1);
    if (variance > 0) sharpe = round((mean / Math.sqrt(variance)) * Math.sqrt(252), 4);
  }
  return {
    trades: trades.length,
    wins,
    losses: trades.length - wins,
    winRatePct: trades.length > 0 ? round((wins / trades.length) * 100, 2) : null,
    grossProfit: round(grossProfit, 2),
    grossLoss: round(grossLoss, 2),
    profitFactor: grossLoss > 0 ? round(grossProfit / grossLoss, 4) : null,
    netProfit: round(finalEquity - initialBalance, 2),
    returnPct: round(((finalEquity - initialBalance) / initialBalance) * 100, 4),
    maxDrawdown: round(maxDrawdown, 2),
    maxDrawdownPct: round(maxDrawdownPct, 4),
    sharpe,
    sharpeDays: returns.length,
    tradingDays: days.length,
  };
}
