import { describe, expect, it } from "vitest";
import { CombinedBook } from "./combined-book.js";
import { Guardian } from "./guardian.js";
import { TradingStates } from "./trading-state.js";

class FakeBook {
  equity: number;
  highWaterMark: number;
  today: { day: string; startBalance: number } | undefined;
  constructor(balance: number, day = "2024-01-10") {
    this.equity = balance;
    this.highWaterMark = balance;
    this.today = { day, startBalance: balance };
  }
  set(equity: number): void {
    this.equity = equity;
    if (equity > this.highWaterMark) this.highWaterMark = equity;
  }
}

describe("guardian", () => {
  it("halts the scope on the first observation past 4.5% daily loss and frees it the next day", () => {
    const book = new FakeBook(25_000);
    const states = new TradingStates();
    const g = new Guardian("engine-a", { dailyLossPct: 4.5, maxDrawdownPct: 9 }, book, states, () => {});
    book.set(23_875); // exactly −4.5%: not past
    g.observe(1);
    expect(states.own("engine-a")).toBe("ACTIVE");
    book.set(23_874.99);
    g.observe(2);
    expect(states.history).toEqual([expect.objectContaining({ scope: "engine-a", to: "HALTED", time: 2 })]);
    book.today = { day: "2024-01-11", startBalance: 23_874.99 };
    g.observe(3);
    expect(states.own("engine-a")).toBe("ACTIVE");
  });

  it("trips the kill switch past 9% from the high-water mark, once", () => {
    const book = new FakeBook(25_000);
    const states = new TradingStates();
    const kills: string[] = [];
    const g = new Guardian("engine-a", { dailyLossPct: 50, maxDrawdownPct: 9 }, book, states, (r) =>
      kills.push(r),
    );
    book.set(30_000);
    g.observe(1);
    book.set(27_300); // −9.0% from 30,000: not past
    g.observe(2);
    expect(kills).toHaveLength(0);
    book.set(27_299);
    g.observe(3);
    g.observe(4);
    expect(kills).toHaveLength(1);
    expect(states.effective("anything")).toBe("HALTED");
  });

  it("watches all engines together through a combined book", () => {
    const a = new FakeBook(25_000);
    const b = new FakeBook(25_000);
    const all = new CombinedBook([a, b]);
    const states = new TradingStates();
    const g = new Guardian("all-engines", { dailyLossPct: 4.5, maxDrawdownPct: 9 }, all, states, () => {});
    a.set(22_000); // engine a alone is down 12%, the two together 6%
    b.set(25_000);
    all.observe();
    g.observe(1);
    expect(states.own("all-engines")).toBe("HALTED");
    expect(all.today).toEqual({ day: "2024-01-10", startBalance: 50_000 });
  });
});
