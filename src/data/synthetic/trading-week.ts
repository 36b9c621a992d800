import { DAY_MS, HOUR_MS } from "../../core/time.js";
import type { SessionCalendar } from "../../model/session-calendar.js";
import { type IntradayPattern, SLOT_MS } from "./intraday-pattern.js";

const WEEK_MS = 7 * DAY_MS;
/** A close longer than this is the weekend (a daily break is an hour or so). */
export const WEEKEND_CLOSE_MS = 36 * HOUR_MS;
/** Weeks in a calendar year: a year of open time is this many trading weeks. */
export const WEEKS_PER_YEAR = 365.25 / 7;

/** What one trading week of a symbol looks like: used to annualise volatility over open time. */
export interface TradingWeek {
  /** open time per week, ms */
  readonly openMs: number;
  /** reopens after a daily break, per week */
  readonly dailyReopens: number;
  /** reopens after the weekend, per week */
  readonly weeklyReopens: number;
  /** mean of the intraday activity over the open time */
  readonly meanActivity: number;
}

/**
 * Measures the week after the one that starts at fromMs (so every close in it has a known start):
 * session changes from the calendar, activity sampled per 15-minute slot. A few dozen luxon calls.
 */
export function tradingWeek(
  calendar: SessionCalendar,
  pattern: IntradayPattern,
  fromMs: number,
): TradingWeek {
  const from = fromMs + WEEK_MS;
  const to = from + WEEK_MS;
  let openMs = 0;
  let dailyReopens = 0;
  let weeklyReopens = 0;
  let closedSince = Number.NaN;
  let wasOpen = true;
  let t = fromMs;
  while (t < to) {
    const open = calendar.isOpen(t);
    const change = Math.min(calendar.nextChange(t), to);
    if (open) {
      if (!Number.isNaN(closedSince) && t >= from) {
        if (t - closedSince >= WEEKEND_CLOSE_MS) weeklyReopens++;
        else dailyReopens++;
      }
      openMs += Math.max(0, change - Math.max(t, from));
    } else if (wasOpen) {
      closedSince = t; // the calendar may split one close in two (at the week's end): keep its start
    }
    wasOpen = open;
    t = change;
  }
  let sum = 0;
  let n = 0;
  for (let s = Math.ceil(from / SLOT_MS) * SLOT_MS; s < to; s += SLOT_MS) {
    if (!calendar.isOpen(s)) continue;
    sum += pattern.activity(s);
    n++;
  }
  return { openMs, dailyReopens, weeklyReopens, meanActivity: n > 0 ? sum / n : 1 };
}
