import type { PropFirmProgram } from "../../risk/prop-firm/program.js";
import { COLORS, type Section, seconds } from "./chart-spec.js";
import { escapeHtml, money, table } from "./html.js";

/** One account day as the daily section needs it (a DayStats has these fields). */
export interface AccountDay {
  day: string;
  startTime: number;
  startBalance: number;
  endEquity: number;
  minEquity: number;
  endBalance: number;
}

/** A day against the program's floors, every figure relative to the day's start balance. */
export interface DailyRow {
  day: string;
  startTime: number;
  pnl: number;
  worst: number;
  dailyFloor: number;
  maxLossFloor: number;
}

/**
 * The program's floors each day, relative to the balance the day started with: the daily floor
 * (− maxDailyLossPct × initial) and the max-loss floor (static, or trailing the highest end-of-day balance).
 */
export function dailyRows(
  days: readonly AccountDay[],
  program: PropFirmProgram,
  initial: number,
): DailyRow[] {
  let highestEod = initial;
  return days.map((d) => {
    const level =
      program.maxLoss.kind === "static"
        ? initial * (1 - program.maxLoss.pct)
        : Math.max(highestEod, initial) - program.maxLoss.pct * initial;
    highestEod = Math.max(highestEod, d.endBalance);
    return {
      day: d.day,
      startTime: d.startTime,
      pnl: d.endEquity - d.startBalance,
      worst: Math.min(0, d.minEquity - d.startBalance),
      dailyFloor: -program.maxDailyLossPct * initial,
      maxLossFloor: level - d.startBalance,
    };
  });
}

/** Daily P&L (bars) and the worst moment of each day against the daily floor and the max-loss floor. */
export function dailySection(rows: readonly DailyRow[], programLabel: string): Section {
  const x = rows.map((r) => seconds(r.startTime));
  const breaches = rows.filter((r) => r.worst < r.dailyFloor || r.worst < r.maxLossFloor);
  const closest = rows.reduce((m, r) => Math.min(m, r.worst - r.dailyFloor), Number.POSITIVE_INFINITY);
  return {
    title: `Daily P&L against the ${programLabel} floors`,
    html: `<p>${rows.length} days; ${breaches.length === 0 ? "no day reached a floor" : `<b class="failed">${breaches.length} day(s) reached a floor: ${escapeHtml(breaches.map((b) => b.day).join(", "))}</b>`}${Number.isFinite(closest) ? `; the closest day stayed ${money(closest)} above the daily floor` : ""}.</p>
<figure class="chart" id="chart-daily"></figure>
${table(
  ["day", "P&L", "worst", "daily floor", "max-loss floor"],
  rows.map((r) => [r.day, money(r.pnl), money(r.worst), money(r.dailyFloor), money(r.maxLossFloor)]),
)}`,
    charts: [
      {
        id: "chart-daily",
        title: "Daily P&L, the worst equity of the day and the floors (relative to the day's start balance)",
        x,
        time: true,
        y: "money",
        series: [
          { label: "P&L", values: rows.map((r) => r.pnl), color: COLORS.equity, style: "bars" },
          { label: "worst in the day", values: rows.map((r) => r.worst), color: COLORS.low, style: "points" },
          {
            label: "daily floor",
            values: rows.map((r) => r.dailyFloor),
            color: COLORS.floor,
            style: "step",
            dash: true,
          },
          {
            label: "max-loss floor",
            values: rows.map((r) => r.maxLossFloor),
            color: COLORS.maxLoss,
            style: "step",
            dash: true,
          },
        ],
      },
    ],
  };
}
