import { DateTime } from "luxon";

/**
 * Where the demo's simulated FTMO market starts (market time): the latest weekday 07:45 in New York at or
 * before `nowMs`, so that `make run` shows the bots trading in its first minute whatever the day or
 * season (on a weekend the sessions are closed; the scalpers trade the London/New York overlap, which
 * opens at 08:00 New York). The quarter of an hour before it warms the bots' indicators up.
 */
export function demoMarketStart(nowMs: number): number {
  let t = DateTime.fromMillis(nowMs, { zone: "America/New_York" }).set({
    hour: 7,
    minute: 45,
    second: 0,
    millisecond: 0,
  });
  if (t.toMillis() > nowMs) t = t.minus({ days: 1 });
  while (t.weekday > 5) t = t.minus({ days: 1 });
  return t.toMillis();
}
