import { finiteOrNull } from "./stats-math.js";
import type { StatsInput, StatsTable } from "./stats-input.js";

/**
 * What backtrader reports for a run without extra analyzers, plus its TradeAnalyzer and DrawDown
 * analyzer counts, under their names:
 * - Final Value: broker value at the end, open positions marked at the last close (`broker.getvalue()`).
 * - Trades Closed / Won / Lost: closed round trips, won when net P&L > 0 (TradeAnalyzer `total.closed`,
 *   `won.total`, `lost.total`); a position still open is not a closed trade (backtrader does not close
 *   positions at the end).
 * - Net P&L: the closed trades' P&L after commission (TradeAnalyzer `pnl.net.total`).
 * - Max. Drawdown [%] / Max. Drawdown Length: 100·(peak − value)/peak at its largest, and the longest run
 *   of bars below a peak (DrawDown analyzer `max.drawdown`, `max.len`).
 */
export function backtraderStats(input: StatsInput): StatsTable {
  const { equity, trades } = input;
  let peak = Number.NEGATIVE_INFINITY;
  let maxDd = 0;
  let len = 0;
  let maxLen = 0;
  for (const e of equity) {
    if (e >= peak) {
      peak = e;
      len = 0;
    } else len++;
    maxDd = Math.max(maxDd, (100 * (peak - e)) / peak);
    maxLen = Math.max(maxLen, len);
  }
  const won = trades.filter((t) => t.pnl > 0).length;
  return [
    { name: "Final Value", value: finiteOrNull(equity[equity.length - 1] ?? Number.NaN) },
    { name: "Trades Closed", value: trades.length },
    { name: "Won", value: won },
    { name: "Lost", value: trades.length - won },
    { name: "Net P&L", value: trades.reduce((a, t) => a + t.pnl, 0) },
    { name: "Max. Drawdown [%]", value: maxDd },
    { name: "Max. Drawdown Length", value: maxLen },
  ];
}
