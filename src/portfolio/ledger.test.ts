import { describe, expect, it } from "vitest";
import { harness } from "../kernel/test-support/harness.js";

const utc = (s: string): number => Date.parse(s);
const buy = (volume = 1) => ({
  kind: "open" as const,
  symbol: "XAUUSD",
  side: "buy" as const,
  orderType: "market" as const,
  volume,
});

describe("ledger", () => {
  it("tracks equity, margin, free margin, high-water mark and drawdown", () => {
    const h = harness({ cash: 10_000 });
    const t = utc("2024-01-10T10:00:00Z");
    h.kernel.onTick(0, t, 2000, 2000);
    h.kernel.submit(buy(0.1), "manual");
    h.kernel.onTick(0, t + 1, 2000, 2000);
    // margin = 0.1 lot × 100 oz × 2000 / leverage 30
    expect(h.ledger.margin).toBeCloseTo(666.6667, 4);
    h.kernel.onTick(0, t + 2, 2010, 2010); // +100
    expect(h.ledger.equity).toBe(10_100);
    expect(h.ledger.highWaterMark).toBe(10_100);
    h.kernel.onTick(0, t + 3, 1990, 1990); // −100 from the start, −200 from the peak
    expect(h.ledger.equity).toBe(9_900);
    expect(h.ledger.freeMargin).toBeCloseTo(9_900 - 666.6667, 4);
    expect(h.ledger.maxDrawdown).toBeCloseTo(200, 9);
    expect(h.ledger.maxDrawdownPct).toBeCloseTo((200 / 10_100) * 100, 9);
    expect(h.ledger.balance).toBe(10_000);
    expect(h.ledger.marginLevelPct).toBeCloseTo((9_900 / 666.6667) * 100, 2);
  });

  it("splits P&L by Prague trading day, right across the spring and autumn DST changes", () => {
    const h = harness({ symbols: ["BTC-USD"], cash: 10_000 });
    const btc = (side: "buy" | "sell") => ({
      kind: "open" as const,
      symbol: "BTC-USD",
      side,
      orderType: "market" as const,
      volume: 1,
    });
    // Prague midnight: 23:00Z in winter, 22:00Z in summer. 2024-03-31 is the spring change.
    h.kernel.onTick(0, utc("2024-03-30T22:30:00Z"), 100, 100); // 23:30 Prague, 30 March
    h.kernel.submit(btc("buy"), "manual");
    h.kernel.onTick(0, utc("2024-03-30T22:59:00Z"), 110, 110); // fills at 110, still 30 March
    h.kernel.submit({ kind: "close", symbol: "BTC-USD" }, "manual");
    h.kernel.onTick(0, utc("2024-03-30T23:00:00Z"), 130, 130); // 00:00 Prague 31 March: closes +20 on the new day
    h.kernel.onTick(0, utc("2024-03-31T21:59:00Z"), 130, 130); // 23:59 CEST, still 31 March
    h.kernel.onTick(0, utc("2024-03-31T22:00:00Z"), 130, 130); // 00:00 CEST: 1 April
    expect(h.ledger.days.map((d) => [d.day, d.startBalance, d.realizedPnl, d.opened, d.closed])).toEqual([
      ["2024-03-30", 10_000, 0, 1, 0],
      ["2024-03-31", 10_000, 20, 0, 1],
      ["2024-04-01", 10_020, 0, 0, 0],
    ]);
    // Autumn: 2024-10-27 has 25 hours; the next day starts at 23:00Z.
    h.kernel.onTick(0, utc("2024-10-26T22:00:00Z"), 130, 130);
    h.kernel.onTick(0, utc("2024-10-27T22:59:00Z"), 130, 130);
    h.kernel.onTick(0, utc("2024-10-27T23:00:00Z"), 130, 130);
    expect(h.ledger.days.slice(-2).map((d) => [d.day, d.startTime])).toEqual([
      ["2024-10-27", utc("2024-10-26T22:00:00Z")],
      ["2024-10-28", utc("2024-10-27T23:00:00Z")],
    ]);
  });

  it("records each day's lowest equity including floating P&L", () => {
    const h = harness({ symbols: ["BTC-USD"], cash: 10_000 });
    const t = utc("2024-01-10T10:00:00Z");
    h.kernel.onTick(0, t, 100, 100);
    h.kernel.submit(
      { kind: "open", symbol: "BTC-USD", side: "buy", orderType: "market", volume: 10 },
      "manual",
    );
    h.kernel.onTick(0, t + 1, 100, 100);
    h.kernel.onTick(0, t + 2, 80, 80);
    h.kernel.onTick(0, t + 3, 95, 95);
    expect(h.ledger.today).toMatchObject({
      minEquity: 9_800,
      maxEquity: 10_000,
      endEquity: 9_950,
      realizedPnl: 0,
    });
  });

  it("realises money in cents", () => {
    const h = harness({ symbols: ["EURUSD"], cash: 10_000 });
    const t = utc("2024-01-10T10:00:00Z");
    h.kernel.onTick(0, t, 1.08, 1.08);
    h.kernel.submit(
      { kind: "open", symbol: "EURUSD", side: "sell", orderType: "market", volume: 0.37 },
      "manual",
    );
    h.kernel.onTick(0, t + 1, 1.08123, 1.08131);
    h.kernel.submit({ kind: "close", symbol: "EURUSD" }, "manual");
    h.kernel.onTick(0, t + 2, 1.07977, 1.07989);
    // (1.08123 − 1.07989) × 0.37 × 100,000 = 49.58
    expect(h.ledger.trades[0]!.grossPnl).toBe(49.58);
    expect(h.ledger.balance).toBe(10_049.58);
  });
});

describe("ledger: resumed after a restart", () => {
  it("continues the saved day (its start balance, so the daily loss limit) and peak, and starts the next day as usual", () => {
    const t = utc("2024-01-10T10:00:00Z");
    const first = harness({ cash: 10_000 });
    first.kernel.onTick(0, t, 2000, 2000);
    first.kernel.submit(buy(0.1), "manual");
    first.kernel.onTick(0, t + 1, 2000, 2000);
    first.kernel.onTick(0, t + 2, 2020, 2020); // the peak: +200
    first.kernel.closeAll();
    first.kernel.onTick(0, t + 3, 1990, 1990); // closed at −100
    const day = { ...first.ledger.today! };
    expect(first.ledger.balance).toBe(9_900);

    const next = harness({ cash: first.ledger.balance });
    next.ledger.resume({
      day,
      highWaterMark: first.ledger.highWaterMark,
      maxDrawdown: first.ledger.maxDrawdown,
      maxDrawdownPct: first.ledger.maxDrawdownPct,
    });
    next.kernel.onTick(0, t + 3_600_000, 1995, 1995);
    // the same day goes on: it started at 10,000 (not at the restart's 9,900), one day in the books
    expect(next.ledger.today).toEqual({ ...day, endBalance: 9_900, endEquity: 9_900 });
    expect(next.ledger.days).toHaveLength(1);
    expect(next.ledger.highWaterMark).toBe(10_200);
    expect(next.ledger.maxDrawdown).toBe(first.ledger.maxDrawdown);
    // the next day starts from the balance as usual
    next.kernel.onTick(0, utc("2024-01-11T10:00:00Z"), 1995, 1995);
    expect(next.ledger.days.map((d) => [d.day, d.startBalance])).toEqual([
      ["2024-01-10", 10_000],
      ["2024-01-11", 9_900],
    ]);
  });
});
