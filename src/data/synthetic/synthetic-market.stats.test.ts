import { describe, expect, it } from "vitest";
import { generateTicks } from "./generate-ticks.js";
import { SyntheticMarket } from "./synthetic-market.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Ticks per hour in the New York windows [from, to) (minutes of day), Monday–Thursday, fixed offset. */
function ticksPerHour(time: Float64Array, offsetHours: number, from: number, to: number): number {
  let n = 0;
  const days = new Set<number>();
  for (const t of time) {
    const local = t + offsetHours * HOUR;
    const day = Math.floor(local / DAY);
    const dow = (day + 4) % 7;
    const min = Math.floor((local - day * DAY) / 60_000);
    if (dow < 1 || dow > 4) continue;
    days.add(day);
    if (min >= from && min < to) n++;
  }
  return n / days.size / ((to - from) / 60);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe("synthetic market statistics", () => {
  for (const [label, start, offset] of [
    ["January", Date.UTC(2024, 0, 8), -5],
    ["July", Date.UTC(2024, 6, 8), -4],
  ] as const) {
    it(`ticks and spreads follow the intraday pattern (${label})`, () => {
      const s = generateTicks("XAUUSD", {
        seed: 21,
        startMs: start,
        endMs: start + 21 * DAY,
        profile: { activeTickIntervalMs: 2000 },
      });
      const open = ticksPerHour(s.time, offset, 9 * 60 + 30, 11 * 60);
      const night = ticksPerHour(s.time, offset, 2 * 60, 3 * 60);
      expect(open).toBeGreaterThan(1.5 * night);
      let wideAtNight = 0;
      let nightTicks = 0;
      for (let i = 0; i < s.length; i++) {
        const hour = Math.floor(((((s.time[i]! + offset * HOUR) % DAY) + DAY) % DAY) / HOUR);
        if (hour !== 2) continue;
        nightTicks++;
        if (s.ask[i]! - s.bid[i]! > 0.2 + 1e-9) wideAtNight++;
      }
      expect(wideAtNight / nightTicks).toBeGreaterThan(0.9); // 0.2 × 1/sqrt(0.4) ≈ 0.32
    });
  }

  it("indices gap at the daily reopen", () => {
    const s = generateTicks("US30", { seed: 5, startMs: Date.UTC(2024, 2, 4), endMs: Date.UTC(2024, 4, 4) });
    const moves: number[] = [];
    const gaps: number[] = [];
    let prev = (s.bid[0]! + s.ask[0]!) / 2;
    for (let i = 1; i < s.length; i++) {
      const mid = (s.bid[i]! + s.ask[i]!) / 2;
      const move = Math.abs(mid - prev);
      const pause = s.time[i]! - s.time[i - 1]!;
      if (pause >= 50 * 60_000 && pause < 2 * HOUR)
        gaps.push(move); // across the 17:00–18:00 break
      else if (i % 16 === 0) moves.push(move);
      prev = mid;
    }
    expect(gaps.length).toBeGreaterThan(30);
    const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(meanGap).toBeGreaterThan(5 * median(moves));
  });

  it("realised volatility of daily returns over a year is near each profile's annual vol", () => {
    const symbols = ["XAUUSD", "EURUSD", "US30", "BTC-USD"];
    const sparse = { activeTickIntervalMs: 20_000 };
    const start = Date.UTC(2023, 0, 1);
    const m = new SyntheticMarket({
      symbols,
      seed: 99,
      startMs: start,
      endMs: Date.UTC(2024, 0, 1),
      profiles: Object.fromEntries(symbols.map((s) => [s, sparse])),
    });
    const lastMid = symbols.map(() => Number.NaN);
    const dayClose = symbols.map(() => Number.NaN);
    const sumSq = symbols.map(() => 0);
    let day = Math.floor(start / DAY);
    const closeDay = (): void => {
      symbols.forEach((_, i) => {
        if (!Number.isNaN(dayClose[i]!) && !Number.isNaN(lastMid[i]!))
          sumSq[i]! += Math.log(lastMid[i]! / dayClose[i]!) ** 2;
        dayClose[i] = lastMid[i]!;
      });
    };
    while (m.next()) {
      const d = Math.floor(m.time / DAY);
      if (d !== day) {
        closeDay();
        day = d;
      }
      lastMid[m.symbolIndex] = (m.bid + m.ask) / 2;
    }
    closeDay();
    symbols.forEach((sym, i) => {
      const ratio = Math.sqrt(sumSq[i]!) / m.profiles[i]!.annualVol;
      expect(ratio, sym).toBeGreaterThan(0.7);
      expect(ratio, sym).toBeLessThan(1.4);
    });
  });
});
