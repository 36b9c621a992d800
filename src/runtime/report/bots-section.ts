import type { Section } from "./chart-spec.js";
import { escapeHtml, money, pct, table } from "./html.js";
import type { ReportTrade } from "./trades-section.js";

export interface BotRow {
  bot: string;
  trades: number;
  winRate: number;
  netPnl: number;
  /** gross wins / gross losses (null: no loss) */
  profitFactor: number | null;
  best: number;
  worst: number;
}

/** Per bot (the trade's source): trades, win rate, net P&L, profit factor, best and worst trade. */
export function botRows(trades: readonly ReportTrade[]): BotRow[] {
  const by = new Map<string, ReportTrade[]>();
  for (const t of trades) by.set(t.source, [...(by.get(t.source) ?? []), t]);
  return [...by.entries()]
    .map(([bot, ts]) => {
      const wins = ts.filter((t) => t.netPnl > 0);
      const gain = wins.reduce((s, t) => s + t.netPnl, 0);
      const loss = -ts.filter((t) => t.netPnl < 0).reduce((s, t) => s + t.netPnl, 0);
      return {
        bot,
        trades: ts.length,
        winRate: wins.length / ts.length,
        netPnl: ts.reduce((s, t) => s + t.netPnl, 0),
        profitFactor: loss > 0 ? gain / loss : null,
        best: Math.max(...ts.map((t) => t.netPnl)),
        worst: Math.min(...ts.map((t) => t.netPnl)),
      };
    })
    .sort((a, b) => b.netPnl - a.netPnl);
}

export function botsSection(trades: readonly ReportTrade[]): Section {
  const rows = botRows(trades);
  return {
    title: "Per bot",
    html:
      rows.length === 0
        ? "<p>No closed trades.</p>"
        : table(
            ["bot", "trades", "win rate", "net P&L", "profit factor", "best", "worst"],
            rows.map((r) => [
              escapeHtml(r.bot),
              String(r.trades),
              pct(r.winRate, 1),
              money(r.netPnl),
              r.profitFactor === null ? "∞" : r.profitFactor.toFixed(2),
              money(r.best),
              money(r.worst),
            ]),
          ),
    charts: [],
  };
}
