import { describe, expect, it } from "vitest";
import type { DayStats } from "./day-stats.js";
import { computeStats, MIN_SHARPE_DAYS } from "./stats.js";

/** Days whose end equity moves +1 %, −0.5 %, +1 %, … from 10,000. */
function days(n: number): DayStats[] {
  let equity = 10_000;
  return Array.from({ length: n }, (_, i) => {
    const start = equity;
    equity = Number((equity * (i % 2 === 0 ? 1.01 : 0.995)).toFixed(2));
    return {
      day: `2024-02-${String(i + 1).padStart(2, "0")}`,
      startTime: i * 86_400_000,
      startBalance: start,
      startEquity: start,
      endBalance: equity,
      endEquity: equity,
      minEquity: Math.min(start, equity),
      maxEquity: Math.max(start, equity),
      realizedPnl: equity - start,
      opened: 1,
      closed: 1,
    };
  });
}

const stats = (d: DayStats[]) => computeStats([], d, 10_000, d.at(-1)?.endEquity ?? 10_000, 0, 0);

describe("Sharpe ratio", () => {
  it("is null, with the days counted, under MIN_SHARPE_DAYS daily returns", () => {
    expect(MIN_SHARPE_DAYS).toBe(20);
    expect(stats(days(2))).toMatchObject({ sharpe: null, sharpeDays: 2, tradingDays: 2 });
    expect(stats(days(MIN_SHARPE_DAYS - 1))).toMatchObject({ sharpe: null, sharpeDays: 19 });
  });

  it("is the annualised mean over the standard deviation of daily returns from MIN_SHARPE_DAYS on", () => {
    const s = stats(days(MIN_SHARPE_DAYS));
    expect(s.sharpeDays).toBe(20);
    // returns alternate +1 % and −0.5 %: mean 0.25 %, sample std 0.7695 % → 0.3249 × √252
    expect(s.sharpe).toBeCloseTo(5.157, 2);
  });
});
