import { MIN_SHARPE_DAYS } from "../portfolio/stats.js";
import type { BacktestResult } from "../runtime/backtest.js";

const money = (x: number): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const opt = (x: number | null, d = 2, suffix = ""): string =>
  x === null ? "n/a" : `${x.toFixed(d)}${suffix}`;

/** The readable backtest report printed without --json. */
export function formatSummary(r: BacktestResult, origin: string, fillRule: string): string {
  const s = r.stats;
  const lines = [
    `HYDRA backtest: ${r.strategy} on ${r.symbol}`,
    `Data          ${origin} (${r.dataKind === "ticks" ? "ticks" : `${r.timeframe} bars`}, ${r.rows.toLocaleString("en-US")} rows, ${r.start ?? "-"} → ${r.end ?? "-"})`,
    `Fill rule     ${fillRule}`,
    "",
    `Fills         ${r.fills.length}    closed trades ${s.trades}    open positions ${r.openPositions.length}`,
    `Balance       ${money(r.initialBalance)} → ${money(r.finalBalance)} ${r.accountCurrency}`,
    `Equity        ${money(r.finalEquity)}    margin ${money(r.margin)}    free margin ${money(r.freeMargin)}`,
    `Net profit    ${money(s.netProfit)} (${s.returnPct.toFixed(2)}%)`,
    `Costs         commission ${money(r.commissionPaid)}    swap ${money(r.swapTotal)}`,
    `Win rate      ${opt(s.winRatePct, 2, "%")}    profit factor ${opt(s.profitFactor)}`,
    `Max drawdown  ${money(s.maxDrawdown)} (${s.maxDrawdownPct.toFixed(2)}%)`,
    s.sharpeDays < MIN_SHARPE_DAYS
      ? `Sharpe        n/a (${s.sharpeDays} days; needs ${MIN_SHARPE_DAYS})`
      : `Sharpe        ${opt(s.sharpe)} (daily equity returns, annualised ×√252, ${s.sharpeDays} days)`,
  ];
  if (r.challenge !== null) {
    const c = r.challenge;
    const when = c.time === null ? "" : ` on ${c.day} (${c.time})`;
    const why =
      c.rule === null ? "" : `: ${c.rule}, equity ${c.equity?.toFixed(2)} below ${c.floor?.toFixed(2)}`;
    lines.push(
      `Challenge     ${c.program} ${c.phase}: ${c.status.toUpperCase()}${when}${why}; ${c.tradingDays} trading days, target ${money(c.target)}`,
    );
  }
  for (const e of r.riskEvents)
    lines.push(`Risk          ${e.time} ${e.scope} ${e.from} → ${e.to}: ${e.reason}`);
  for (const e of r.marginCalls)
    lines.push(
      `Margin call   ${e.time} ${e.kind}: margin level ${e.marginLevelPct === null ? "n/a" : `${e.marginLevelPct.toFixed(2)}%`} (level ${e.marginCallPct}%), equity ${money(e.equity)}, margin ${money(e.margin)}`,
    );
  for (const e of r.stopOuts)
    lines.push(
      `Stop-out      ${e.time} ${e.symbol} ${e.volume} lots closed @ ${e.price} (loss ${money(e.loss)}): margin level ${e.marginLevelPct.toFixed(2)}% < ${e.stopOutPct}%, equity ${money(e.equity)}, margin ${money(e.margin)}`,
    );
  for (const w of r.warnings) lines.push(`Warning       ${w}`);
  if (r.denials.length > 0)
    lines.push(
      `Denied        ${r.denials.length} intents (first: ${r.denials[0]!.code}: ${r.denials[0]!.reason})`,
    );
  if (r.trades.length > 0) {
    lines.push("", "Last trades:");
    for (const t of r.trades.slice(-5)) {
      lines.push(
        `  ${t.side === "buy" ? "long " : "short"} ${t.volume} ${t.openTime} @ ${t.openPrice} → ${t.closeTime} @ ${t.closePrice}  ${money(t.netPnl)} (${t.exitReason})`,
      );
    }
  }
  for (const p of r.openPositions) {
    lines.push(
      `Open: ${p.side === "buy" ? "long" : "short"} ${p.volume} @ ${p.openPrice} since ${p.openTime}, marked ${p.markPrice}: ${money(p.floatingPnl)}`,
    );
  }
  if (r.statsAs !== null) {
    lines.push("", `Statistics as ${r.statsAs.convention} defines them (durations in days):`);
    const width = Math.max(...r.statsAs.stats.map((x) => x.name.length));
    for (const { name, value } of r.statsAs.stats)
      lines.push(`  ${name.padEnd(width)}  ${value === null ? "n/a" : String(value)}`);
  }
  return `${lines.join("\n")}\n`;
}
