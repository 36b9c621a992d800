import type { MarketSeries } from "../../data/series.js";
import type { PropFirmProgram } from "../../risk/prop-firm/program.js";
import type { BacktestResult } from "../backtest.js";
import { botsSection } from "./bots-section.js";
import { challengeSection } from "./challenge-section.js";
import { dailyRows, dailySection } from "./daily-section.js";
import type { EquityPoint } from "./equity-section.js";
import { equitySection } from "./equity-section.js";
import { renderPage } from "./html.js";
import { monthlySection } from "./monthly-section.js";
import type { ReportTrade } from "./trades-section.js";
import { type PriceLine, tradesSection } from "./trades-section.js";

/** The equity at each day's start, its lowest in the day, and the final equity at the data's end. */
function dailyEquity(result: BacktestResult, endMs: number): EquityPoint[] {
  const points: EquityPoint[] = result.days.map((d) => ({
    t: d.startTime,
    equity: d.startEquity,
    low: d.minEquity,
  }));
  const last = result.days.at(-1);
  if (last !== undefined && endMs > last.startTime)
    points.push({ t: endMs, equity: result.finalEquity, low: last.minEquity, day: last.day });
  return points;
}

function priceLine(series: MarketSeries): PriceLine {
  return series.kind === "bars"
    ? { t: series.time, price: series.close, label: `close of ${series.timeframe} bars` }
    : { t: series.time, price: series.bid, label: "bid of every tick" };
}

/**
 * A backtest's report: equity and drawdown, daily P&L against the program's floors (the FTMO 2-step
 * challenge's when the backtest ran without --challenge), the trades on the price chart, monthly
 * returns, the per-bot table and the challenge verdict.
 */
export function backtestReport(
  result: BacktestResult,
  series: MarketSeries,
  o: { origin: string; program: PropFirmProgram; programLabel: string },
): string {
  const endMs = series.length > 0 ? series.time[series.length - 1]! : 0;
  const equity = dailyEquity(result, endMs);
  const trades: ReportTrade[] = result.trades.map((t) => ({
    ...t,
    openTime: Date.parse(t.openTime),
    closeTime: Date.parse(t.closeTime),
  }));
  return renderPage({
    title: `Backtest: ${result.strategy} on ${result.symbol}`,
    subtitle: `${o.origin}; ${result.start ?? "?"} → ${result.end ?? "?"}; ${result.trades.length} trades; ${result.accountCurrency}`,
    sections: [
      challengeSection(result.challenge),
      equitySection(equity, result.initialBalance),
      dailySection(dailyRows(result.days, o.program, result.initialBalance), o.programLabel),
      tradesSection(result.symbol, trades, priceLine(series)),
      monthlySection(equity, result.initialBalance),
      botsSection(trades),
    ],
  });
}
