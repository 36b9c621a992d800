import { DayBoundary } from "../../core/time.js";
import type { ClosedTrade } from "../../model/position.js";
import { ChallengeEvaluator } from "../../risk/prop-firm/challenge-evaluator.js";
import type { PropFirmProgram } from "../../risk/prop-firm/program.js";
import { botsSection } from "./bots-section.js";
import { challengeSection } from "./challenge-section.js";
import { type AccountDay, dailyRows, dailySection } from "./daily-section.js";
import { type EquityPoint, equitySection } from "./equity-section.js";
import { renderPage } from "./html.js";
import { monthlySection } from "./monthly-section.js";
import { type ReportTrade, tradesSection } from "./trades-section.js";

/** A line of the FTMO runner's trade journal (`<db>.ftmo-trades.jsonl`). */
export interface JournalRecord {
  bot: string;
  trade: ClosedTrade;
}

interface Replay {
  equity: EquityPoint[];
  days: AccountDay[];
  evaluator: ChallengeEvaluator;
}

/**
 * The account as its journal tells it: the balance after each closed trade (the journal has no floating
 * P&L, so equity is the balance at each close and a day's low is its lowest close), the days of the
 * program's zone, and the challenge replayed through the program's rules (a day with an entry is a trading day).
 */
function replay(records: readonly JournalRecord[], program: PropFirmProgram, initial: number): Replay {
  const boundary = new DayBoundary(program.dayZone, program.dayStartHour);
  const events = records
    .flatMap((r) => [
      { t: r.trade.openTime, pnl: 0, opened: 1 },
      { t: r.trade.closeTime, pnl: r.trade.netPnl, opened: 0 },
    ])
    .sort((a, b) => a.t - b.t || a.opened - b.opened);
  const evaluator = new ChallengeEvaluator(program, initial);
  const equity: EquityPoint[] = [];
  const days: AccountDay[] = [];
  let balance = initial;
  for (const e of events) {
    const key = boundary.dayKey(e.t);
    let day = days.at(-1);
    if (day === undefined || day.day !== key) {
      day = {
        day: key,
        startTime: boundary.dayStartMs(e.t),
        startBalance: balance,
        endBalance: balance,
        endEquity: balance,
        minEquity: balance,
      };
      days.push(day);
      if (equity.length === 0) equity.push({ t: day.startTime, equity: balance, day: key });
    }
    balance += e.pnl;
    day.endBalance = day.endEquity = balance;
    day.minEquity = Math.min(day.minEquity, balance);
    if (e.opened === 0) equity.push({ t: e.t, equity: balance, day: key });
    evaluator.push({ t: e.t, balance, equity: balance, opened: e.opened });
  }
  return { equity, days, evaluator };
}

/** `hydra report --journal`: a live (or paper) account's report from its trade journal. */
export function journalReport(
  records: readonly JournalRecord[],
  o: { origin: string; program: PropFirmProgram; initial: number },
): string {
  const { equity, days, evaluator } = replay(records, o.program, o.initial);
  const trades: ReportTrade[] = records.map((r) => ({ ...r.trade, source: r.bot }));
  const symbols = [...new Set(trades.map((t) => t.symbol))].sort();
  const v = evaluator.verdict;
  const label = `${o.program.name} ${o.program.phase}`;
  return renderPage({
    title: "Account report from its trade journal",
    subtitle: `${o.origin}; ${records.length} closed trades; initial ${o.initial}; ${label}`,
    sections: [
      challengeSection({
        program: o.program.name,
        phase: o.program.phase,
        status: v.status,
        rule: v.rule,
        day:
          v.time === null ? null : new DayBoundary(o.program.dayZone, o.program.dayStartHour).dayKey(v.time),
        tradingDays: evaluator.tradingDays,
        target: evaluator.target,
      }),
      equitySection(equity, o.initial),
      dailySection(dailyRows(days, o.program, o.initial), label),
      ...symbols.map((s) => tradesSection(s, trades, null)),
      monthlySection(equity, o.initial),
      botsSection(trades),
    ],
  });
}
