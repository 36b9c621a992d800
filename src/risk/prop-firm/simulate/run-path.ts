import type { PropFirmProgram } from "../program.js";
import type { DaySource } from "./day-source.js";

export type PathEnd = "passed" | "max-daily-loss" | "max-loss" | "not-finished";

export interface PathOutcome {
  readonly end: PathEnd;
  /** days used, all phases together (for a pass: the day the last phase passed) */
  readonly days: number;
  /** phases passed (all of them when end is "passed") */
  readonly phasesPassed: number;
}

export interface PathSizing {
  readonly initial: number;
  /** a trade's P&L = return × scale × base */
  readonly scale: number;
  /** base = the current balance (true) or the initial balance (false) */
  readonly compound: boolean;
  /** days available to all phases together (Infinity: no limit) */
  readonly maxDays: number;
}

/** Money is kept in integer cents, rounded half away from zero as the ledger books it. */
const toCents = (x: number): number => Math.sign(x) * Math.round(Math.abs(x) * 100);

/**
 * One phase under the program's rules, as ChallengeEvaluator computes them, on a balance observed at each
 * trade's close (equity = balance: a trade's intraday excursion is not known, so a losing trade's low is its
 * close; the daily floor and the max-loss floor are checked after every trade):
 * - day boundary: the daily floor = the day's start balance − maxDailyLossPct × initial; for a trailing
 *   max loss the floor moves up to max(highest end-of-day balance, initial) − pct × initial, never down;
 * - a balance strictly below the max-loss floor fails by max loss, strictly below the daily floor by daily
 *   loss (max loss first, as the evaluator checks);
 * - pass: balance ≥ target, the best day (closed P&L, the current day as it stands) ≤ bestDayMaxShare ×
 *   total profit, and minTradingDays trading days (a day with at least one trade). When only trading days
 *   are missing the trader stops at the target and opens a minimal position on each remaining day (no P&L),
 *   passing after them; when the best-day rule blocks, the trader keeps trading as before.
 */
function runPhase(
  program: PropFirmProgram,
  sizing: PathSizing,
  maxDays: number,
  source: DaySource,
): { end: PathEnd; days: number } {
  const initial = toCents(sizing.initial);
  const target = toCents(sizing.initial * (1 + program.profitTargetPct));
  const dailyLoss = toCents(program.maxDailyLossPct * sizing.initial);
  const maxLoss = toCents(program.maxLoss.pct * sizing.initial);
  const trailing = program.maxLoss.kind === "trailing-eod";
  const share = program.bestDayMaxShare;
  const unit = sizing.scale;
  let balance = initial;
  let highestEod = initial;
  let maxLossFloor = initial - maxLoss;
  let tradingDays = 0;
  let bestDay = 0;
  for (let day = 1; day <= maxDays; day++) {
    if (trailing) {
      highestEod = Math.max(highestEod, balance);
      maxLossFloor = Math.max(maxLossFloor, highestEod - maxLoss);
    }
    const start = balance;
    const dailyFloor = start - dailyLoss;
    const trades = source.nextDay();
    if (trades === null) return { end: "not-finished", days: day - 1 };
    if (trades.length > 0) tradingDays++;
    for (const r of trades) {
      balance += toCents(r * unit * (sizing.compound ? balance / 100 : sizing.initial));
      if (balance < maxLossFloor) return { end: "max-loss", days: day };
      if (balance < dailyFloor) return { end: "max-daily-loss", days: day };
      if (balance < target) continue;
      const best = Math.max(bestDay, balance - start);
      if (share !== null && best > toCents((share * (balance - initial)) / 100)) continue;
      const passDay = day + Math.max(0, program.minTradingDays - tradingDays);
      return passDay <= maxDays ? { end: "passed", days: passDay } : { end: "not-finished", days: maxDays };
    }
    bestDay = Math.max(bestDay, balance - start);
  }
  return { end: "not-finished", days: maxDays };
}

/** A path through the phases in order (each starts afresh at the initial balance, on the next day). */
export function runPath(
  phases: readonly PropFirmProgram[],
  sizing: PathSizing,
  source: DaySource,
): PathOutcome {
  source.startPath();
  let used = 0;
  for (let i = 0; i < phases.length; i++) {
    const r = runPhase(phases[i]!, sizing, sizing.maxDays - used, source);
    used += r.days;
    if (r.end !== "passed") return { end: r.end, days: used, phasesPassed: i };
  }
  return { end: "passed", days: used, phasesPassed: phases.length };
}
