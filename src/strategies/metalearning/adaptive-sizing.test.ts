import { describe, expect, it } from "vitest";
import { AdaptiveSizer, adaptedRiskPct, type SizingTrade, sizingStats } from "./adaptive-sizing.js";

const pnl = (...xs: number[]): SizingTrade[] => xs.map((netPnl) => ({ netPnl }));
const repeat = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

describe("sizingStats", () => {
  it("is 1× below the minimum number of trades", () => {
    const s = sizingStats(pnl(100, 100, 100, 100, 100, 100, 100, 100, 100));
    expect(s.trades).toBe(9);
    expect(s.kelly).toBeNaN();
    expect(s.multiplier).toBe(1);
    expect(sizingStats([]).multiplier).toBe(1);
  });

  it("computes win rate, payoff and the Kelly fraction", () => {
    // 6 wins of 150, 4 losses of 100: W = 0.6, R = 1.5, f = 0.6 − 0.4/1.5 = 1/3
    const s = sizingStats(pnl(150, -100, 150, -100, 150, -100, 150, -100, 150, 150));
    expect(s.winRate).toBeCloseTo(0.6, 12);
    expect(s.payoff).toBeCloseTo(1.5, 12);
    expect(s.kelly).toBeCloseTo(1 / 3, 12);
    expect(s.multiplier).toBe(1.5); // 1 + 2/3, clamped
  });

  it("a zero edge keeps 1×, a small edge scales linearly", () => {
    // W = 0.5, R = 1 → f = 0
    expect(sizingStats(pnl(...repeat(5, 100), ...repeat(5, -100))).multiplier).toBeCloseTo(1, 12);
    // W = 0.5, R = 1.25 → f = 0.5 − 0.5/1.25 = 0.1 → 1.2
    expect(sizingStats(pnl(...repeat(5, 125), ...repeat(5, -100))).multiplier).toBeCloseTo(1.2, 12);
    // W = 0.4, R = 1 → f = −0.2 → 0.6
    expect(sizingStats(pnl(...repeat(4, 100), ...repeat(6, -100))).multiplier).toBeCloseTo(0.6, 12);
  });

  it("clamps a losing streak to the band minimum", () => {
    const s = sizingStats(pnl(...repeat(12, -50)));
    expect(s.wins).toBe(0);
    expect(s.payoff).toBeNaN();
    expect(s.kelly).toBe(-1);
    expect(s.multiplier).toBe(0.5);
  });

  it("treats all wins as the full win rate (no division by zero)", () => {
    const s = sizingStats(pnl(...repeat(10, 20)));
    expect(s.payoff).toBe(Number.POSITIVE_INFINITY);
    expect(s.kelly).toBe(1);
    expect(s.multiplier).toBe(1.5);
  });

  it("counts a scratch trade in the sample but not as a win or a loss", () => {
    const s = sizingStats(pnl(0, ...repeat(5, 100), ...repeat(4, -100)));
    expect([s.trades, s.wins, s.losses]).toEqual([10, 5, 4]);
    expect(s.winRate).toBe(0.5);
  });

  it("uses R multiples when every trade knows its risk", () => {
    // in dollars one huge win hides 5 losses; in R the small-risk win is just 1R
    const trades: SizingTrade[] = [
      { netPnl: 1000, riskMoney: 1000 },
      ...repeat(5, { netPnl: -100, riskMoney: 50 }),
      ...repeat(4, { netPnl: 50, riskMoney: 50 }),
    ];
    const r = sizingStats(trades);
    expect(r.inR).toBe(true);
    // W = 0.5, avg win 1R, avg loss 2R → f = 0.5 − 0.5/0.5 = −0.5 → 0.5×
    expect(r.kelly).toBeCloseTo(-0.5, 12);
    expect(r.multiplier).toBe(0.5);
    const dollars = sizingStats(trades.map((t) => ({ netPnl: t.netPnl })));
    expect(dollars.inR).toBe(false);
    expect(dollars.multiplier).toBe(1.5);
  });

  it("uses only the last `window` trades", () => {
    const old = pnl(...repeat(20, -100));
    const fresh = pnl(...repeat(20, 100));
    expect(sizingStats([...old, ...fresh]).multiplier).toBe(1.5);
    expect(sizingStats([...fresh, ...old]).multiplier).toBe(0.5);
  });

  it("is deterministic", () => {
    const t = pnl(30, -10, 25, -40, 12, -3, 8, 50, -20, 11, 9);
    expect(sizingStats(t)).toEqual(sizingStats([...t]));
  });
});

describe("AdaptiveSizer", () => {
  it("keeps a rolling window per bot", () => {
    const s = new AdaptiveSizer();
    for (let i = 0; i < 25; i++) s.record("gold", { netPnl: i < 5 ? -100 : 100 });
    for (let i = 0; i < 12; i++) s.record("scalper", { netPnl: -10 }, 20);
    expect(s.trades("gold")).toHaveLength(20);
    expect(s.trades("gold").every((t) => t.netPnl === 100)).toBe(true);
    expect(s.multiplier("gold")).toBe(1.5);
    expect(s.multiplier("scalper")).toBe(0.5);
    expect(s.stats("scalper").inR).toBe(true);
    expect(s.multiplier("unknown")).toBe(1);
  });

  it("never sizes above the risk layer's cap", () => {
    const s = new AdaptiveSizer();
    for (let i = 0; i < 10; i++) s.record("gold", { netPnl: 100 });
    expect(s.riskPct("gold", 1.5, 2)).toBe(2); // 1.5 × 1.5 = 2.25 → cap
    expect(s.riskPct("other", 1.5, 2)).toBe(1.5);
    expect(adaptedRiskPct(1, 0.5, 2)).toBe(0.5);
  });

  it("rejects an invalid band", () => {
    expect(() => new AdaptiveSizer({ min: 1.2 })).toThrow(/invalid config/);
    expect(() => new AdaptiveSizer({ minTrades: 30 })).toThrow(/invalid config/);
  });
});
