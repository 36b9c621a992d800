import { describe, expect, it } from "vitest";
import { HydraError } from "../../core/errors.js";
import { roundToTick } from "../../core/rounding.js";
import { DEFAULT_INSTRUMENTS } from "../../model/default-instruments.js";
import { generateTicks } from "./generate-ticks.js";
import { SyntheticMarket } from "./synthetic-market.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const JAN = Date.UTC(2024, 0, 8); // Monday; New York is UTC−5
const JUL = Date.UTC(2024, 6, 8); // Monday; New York is UTC−4

/** New York local weekday (0 = Sunday) and minute of day, from a fixed offset (no DST change inside the range). */
function nyLocal(t: number, offsetHours: number): { dow: number; min: number } {
  const local = t + offsetHours * HOUR;
  return { dow: (Math.floor(local / DAY) + 4) % 7, min: Math.floor((local % DAY) / 60_000) };
}

/** Index of the first difference of two number sequences, -1 when identical (toEqual is slow on millions). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe("SyntheticMarket determinism", () => {
  it("gives identical ticks for the same seed and start, different ticks for another seed", () => {
    const opts = { seed: 42, startMs: JAN, endMs: JAN + 2 * DAY };
    const a = generateTicks("XAUUSD", opts);
    const b = generateTicks("XAUUSD", opts);
    const c = generateTicks("XAUUSD", { ...opts, seed: 43 });
    expect(a.length).toBeGreaterThan(1000);
    expect(firstDifference(b.time, a.time)).toBe(-1);
    expect(firstDifference(b.bid, a.bid)).toBe(-1);
    expect(firstDifference(b.ask, a.ask)).toBe(-1);
    expect(firstDifference(c.time, a.time)).toBe(0);
    expect(firstDifference(c.bid, a.bid)).toBeGreaterThanOrEqual(0);
  });

  it("reproduces pinned values (a change here changes every synthetic backtest: update it deliberately)", () => {
    const s = generateTicks("XAUUSD", { seed: 42, startMs: JAN, endMs: JAN + HOUR });
    expect([s.length, s.time[0], s.bid[0], s.ask[0], s.bid[s.length - 1]]).toMatchInlineSnapshot(`
      [
        2731,
        1704672002046,
        1999.69,
        2000.06,
        2003.72,
      ]
    `);
  });

  it("gives each symbol the same ticks whichever symbols run beside it", () => {
    const symbols = ["XAUUSD", "EURUSD", "BTC-USD", "NAS100"];
    const m = new SyntheticMarket({ symbols, seed: 7, startMs: JAN, endMs: JAN + DAY });
    const times: number[][] = symbols.map(() => []);
    const bids: number[][] = symbols.map(() => []);
    let last = Number.NEGATIVE_INFINITY;
    let backwards = 0;
    let n = 0;
    while (m.next()) {
      if (m.time < last) backwards++; // the merged stream must be in time order
      last = m.time;
      times[m.symbolIndex]!.push(m.time);
      bids[m.symbolIndex]!.push(m.bid);
      n++;
    }
    expect(n).toBeGreaterThan(10_000);
    expect(backwards).toBe(0);
    expect(last).toBeLessThan(JAN + DAY);
    expect(m.next()).toBe(false);
    symbols.forEach((sym, i) => {
      const alone = generateTicks(sym, { seed: 7, startMs: JAN, endMs: JAN + DAY });
      expect(alone.length).toBe(times[i]!.length);
      expect(firstDifference(alone.time, times[i]!)).toBe(-1);
      expect(firstDifference(alone.bid, bids[i]!)).toBe(-1);
    });
  });

  it("rejects bad options", () => {
    expect(() => new SyntheticMarket({ symbols: [], seed: 1, startMs: JAN })).toThrow(HydraError);
    expect(() => new SyntheticMarket({ symbols: ["XAUUSD", "XAUUSD"], seed: 1, startMs: JAN })).toThrow(
      HydraError,
    );
    expect(() => new SyntheticMarket({ symbols: ["XAUUSD"], seed: 1.5, startMs: JAN })).toThrow(/seed/);
    expect(() => new SyntheticMarket({ symbols: ["NOPE"], seed: 1, startMs: JAN })).toThrow(HydraError);
  });
});

describe("SyntheticMarket prices", () => {
  it("quotes exact multiples of the tick size with ask ≥ bid + one tick, for every default symbol", () => {
    for (const [symbol, spec] of Object.entries(DEFAULT_INSTRUMENTS)) {
      const s = generateTicks(symbol, { seed: 3, startMs: JAN, endMs: JAN + DAY });
      expect(s.length).toBeGreaterThan(1000);
      for (let i = 0; i < s.length; i++) {
        const bid = s.bid[i]!;
        const ask = s.ask[i]!;
        if (roundToTick(bid, spec.tickSize) !== bid || roundToTick(ask, spec.tickSize) !== ask) {
          throw new Error(`${symbol} tick ${i}: ${bid}/${ask} not on the ${spec.tickSize} grid`);
        }
        if (ask - bid < spec.tickSize * (1 - 1e-9))
          throw new Error(`${symbol} tick ${i}: spread below one tick`);
      }
    }
  });

  it("starts near the profile's price", () => {
    const m = new SyntheticMarket({ symbols: ["US30", "EURUSD"], seed: 5, startMs: JAN });
    m.next();
    expect(m.bid / (m.symbolIndex === 0 ? 39000 : 1.08)).toBeCloseTo(1, 2);
  });
});

describe("SyntheticMarket sessions", () => {
  for (const [label, start, offset] of [
    ["January", JAN, -5],
    ["July", JUL, -4],
  ] as const) {
    it(`XAUUSD has no ticks 17:00–18:00 New York on weekdays nor at the weekend (${label})`, () => {
      const s = generateTicks("XAUUSD", { seed: 11, startMs: start, endMs: start + 14 * DAY });
      const perHour = new Array<number>(24).fill(0);
      for (let i = 0; i < s.length; i++) {
        const { dow, min } = nyLocal(s.time[i]!, offset);
        const closed = min >= 17 * 60 && min < 18 * 60;
        const weekend = dow === 6 || (dow === 5 && min >= 17 * 60) || (dow === 0 && min < 18 * 60);
        if (closed || weekend) throw new Error(`tick at ${new Date(s.time[i]!).toISOString()} while closed`);
        perHour[Math.floor(min / 60)]!++;
      }
      expect(perHour[16]).toBeGreaterThan(0);
      expect(perHour[18]).toBeGreaterThan(0);
    });
  }

  it("EURUSD has no ticks on Saturday; BTC-USD has", () => {
    const m = new SyntheticMarket({
      symbols: ["EURUSD", "BTC-USD"],
      seed: 2,
      startMs: JUL,
      endMs: JUL + 7 * DAY,
    });
    const saturday = [0, 0];
    while (m.next()) if (nyLocal(m.time, -4).dow === 6) saturday[m.symbolIndex]!++;
    expect(saturday[0]).toBe(0);
    expect(saturday[1]).toBeGreaterThan(1000);
  });

  it("starting while closed, the first tick comes after the open with a wide spread", () => {
    const saturday = Date.UTC(2024, 0, 13, 12);
    const sundayOpen = Date.UTC(2024, 0, 14, 23); // 18:00 New York
    const s = generateTicks("XAUUSD", { seed: 9, startMs: saturday, endMs: sundayOpen + HOUR });
    expect(s.time[0]).toBeGreaterThanOrEqual(sundayOpen);
    expect(s.ask[0]! - s.bid[0]!).toBeGreaterThan(DEFAULT_INSTRUMENTS.XAUUSD!.spread * 1.5);
  });
});
