import { describe, expect, it } from "vitest";
import { parseParams } from "../strategy-params.js";
import { EURUSD_BREAKOUT_PARAMS, EurusdBreakout } from "./eurusd-breakout.js";
import { botScenario, type Ohlcv, ramp } from "./test-support/bot-scenario.js";

const M5 = 300_000;
const DAY = 86_400_000;
const W = 0.00002; // wick
const bot = (raw: Record<string, string> = {}) =>
  new EurusdBreakout("EURUSD", "M5", parseParams("eb", EURUSD_BREAKOUT_PARAMS, raw));
const flat = (p: number, n: number): Ohlcv[] => ramp(p, p, n, W);
/** a whole FX day (288 M5 bars): up from 1.0950 to `high`, back down to 1.0950 */
const dayUpDown = (high = 1.1): Ohlcv[] => [...ramp(1.095, high, 144, W), ...ramp(high, 1.095, 144, W)];
/** 17:00 New York that starts Wednesday's FX day: 22:00 UTC in January, 21:00 UTC in July */
const JAN = Date.UTC(2024, 0, 9, 22, 0);
const JUL = Date.UTC(2024, 6, 9, 21, 0);
/** 17:00 → 08:00 New York: 180 bars; the next bar opens at 08:00 */
const NIGHT = 180;
const BREAK_UP: Ohlcv = [1.098, 1.101, 1.0979, 1.1008];

function run(
  dayStart: number,
  day2: Ohlcv[],
  raw: Record<string, string> = {},
  days: Ohlcv[][] = [dayUpDown()],
) {
  const s = botScenario("EURUSD", bot(raw));
  days.forEach((d, i) => {
    s.feed("M5", dayStart + (i - days.length + 1) * DAY, d);
  });
  s.feed("M5", dayStart + DAY, day2);
  return s;
}

describe("EUR/USD Breakout", () => {
  it("a break of yesterday's high → long at 08:05 New York, stop beyond the recent range, target 2R", () => {
    const s = run(JAN, [...flat(1.098, NIGHT), BREAK_UP, ...flat(1.1008, 3)]);
    const o = s.risk.opens();
    expect(o).toHaveLength(1);
    expect(o[0]).toMatchObject({ side: "buy", volume: 0, time: Date.UTC(2024, 0, 11, 13, 5) });
    const sl = 1.0979 - 0.0002; // lowest low of the last 24 bars (the breakout bar's), minus the 2-pip buffer
    expect(o[0]!.sl).toBeCloseTo(sl, 9);
    expect(o[0]!.tp).toBeCloseTo(1.1008 + 2 * (1.1008 - sl), 9);
    expect(o[0]!.tag).toBe("eurusd-breakout: close 1.1008 broke yesterday's high 1.10002");
    expect(s.fills[0]!.time).toBe(Date.UTC(2024, 0, 11, 13, 5));
  });

  it("in July (EDT) the FX day and the entry both come an hour earlier in UTC", () => {
    const s = run(JUL, [...flat(1.098, NIGHT), BREAK_UP, ...flat(1.1008, 3)]);
    expect(s.risk.opens().map((o) => [o.side, o.time])).toEqual([["buy", Date.UTC(2024, 6, 11, 12, 5)]]);
  });

  it("no second long the same day after a stop-out; a break of the low may still go short", () => {
    const stopOut: Ohlcv = [1.1008, 1.1009, 1.097, 1.0975];
    const s = run(JAN, [
      ...flat(1.098, NIGHT),
      BREAK_UP,
      stopOut,
      ...flat(1.0985, 4),
      BREAK_UP, // breaks the high again: no trade
      ...flat(1.098, 30),
      [1.098, 1.0981, 1.0935, 1.094], // breaks the low: short
      ...flat(1.094, 2),
    ]);
    expect(s.risk.opens().map((o) => o.side)).toEqual(["buy", "sell"]);
    expect(s.fills.map((f) => f.reason)).toEqual(["market", "sl", "market"]);
  });

  it("no trade inside the range, outside the entry window, or without a whole previous day", () => {
    expect(
      run(JAN, [...flat(1.098, NIGHT), [1.098, 1.1001, 1.098, 1.1001], ...flat(1.1, 2)]).risk.opens(),
    ).toEqual([]); // 1.1001 is within the 2-pip buffer
    expect(run(JAN, [...flat(1.098, 20), BREAK_UP, ...flat(1.1008, 3)]).risk.opens()).toEqual([]); // 18:40 NY
    const partial = dayUpDown().slice(120); // started at 03:00 New York
    const s = botScenario("EURUSD", bot());
    s.feed("M5", JAN + 120 * M5, partial);
    s.feed("M5", JAN + DAY, [...flat(1.098, NIGHT), BREAK_UP, ...flat(1.1008, 3)]);
    expect(s.risk.opens()).toEqual([]);
  });

  it("takes Friday as the previous day on Monday", () => {
    const fri = Date.UTC(2024, 0, 11, 22, 0); // Thu 17:00 NY: Friday's FX day
    const s = botScenario("EURUSD", bot());
    s.feed("M5", fri, dayUpDown());
    s.feed("M5", fri + 3 * DAY, [...flat(1.098, NIGHT), BREAK_UP, ...flat(1.1008, 2)]); // Sun 17:00 NY on
    expect(s.risk.opens().map((o) => o.time)).toEqual([Date.UTC(2024, 0, 15, 13, 5)]);
  });

  it("stopMode=day puts the stop the other side of yesterday's range; atr uses stopAtr ATRs (skipped under minStopPips)", () => {
    const day2 = [...flat(1.098, NIGHT), BREAK_UP, ...flat(1.1008, 3)];
    expect(run(JAN, day2, { stopMode: "day" }).risk.opens()[0]!.sl).toBeCloseTo(1.095 - W - 0.0002, 9);
    const atr = run(JAN, day2, { stopMode: "atr", stopAtr: "3" }).risk.opens()[0]!;
    expect(1.1008 - atr.sl!).toBeGreaterThan(0.0005);
    expect(atr.tp! - 1.1008).toBeCloseTo(2 * (1.1008 - atr.sl!), 9);
    expect(run(JAN, day2, { stopMode: "atr", stopAtr: "1" }).risk.opens()).toEqual([]); // ~2.6 pips < 5
    expect(() => bot({ stopMode: "chandelier" })).toThrow(/stopMode/);
  });

  it("the S/R filter skips a long whose target lies beyond an older daily high", () => {
    const day2 = [...flat(1.098, NIGHT), BREAK_UP, ...flat(1.1008, 3)];
    const days = [dayUpDown(1.103), dayUpDown()];
    expect(run(JAN, day2, { srDays: "2" }, days).risk.opens()).toEqual([]);
    expect(run(JAN, day2, { srDays: "0" }, days).risk.opens()).toHaveLength(1);
  });
});
