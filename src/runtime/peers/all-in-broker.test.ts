import { describe, expect, it } from "vitest";
import { AllInBroker, FULL_EQUITY } from "./all-in-broker.js";

const DAY = 86_400_000;
const bars = (open: number[], close: number[]) => ({ time: open.map((_, i) => i * DAY), open, close });

describe("AllInBroker (backtesting.py's broker rules)", () => {
  it("fills at the next open, all-in by Python's floor division, and marks equity at the close", () => {
    const b = new AllInBroker(bars([100, 100, 110], [100, 105, 120]), 10_000);
    b.next(0);
    b.order(FULL_EQUITY);
    expect(b.position).toBe(0); // nothing fills on the bar the order was placed
    b.next(1);
    expect(b.position).toBe(99); // ⌊10,000·(1 − ε) / 100⌋
    expect(b.equity[1]).toBe(10_000 + 99 * 5);
  });

  it("closes before it reverses, and the reversal is sized on the cash after the close", () => {
    const b = new AllInBroker(bars([100, 100, 120, 120], [100, 100, 120, 110]), 10_000);
    b.next(0);
    b.order(FULL_EQUITY);
    b.next(1); // long 99 at 100
    b.closePosition();
    b.order(-FULL_EQUITY);
    b.next(2); // close at 120: +1,980; short ⌊11,980·(1 − ε) / 120⌋ = 99
    expect(b.closed).toHaveLength(1);
    expect(b.closed[0]).toMatchObject({ size: 99, entryPrice: 100, exitPrice: 120, pnl: 1980 });
    expect(b.position).toBe(-99);
    b.finalize(); // at the last processed bar's open (120)
    expect(b.position).toBe(0);
    expect(b.closed[1]).toMatchObject({ size: -99, entryBar: 2, exitBar: 2, exitPrice: 120 });
    expect(b.closed[1]!.pnl === 0).toBe(true); // −0: short, no move
    expect(b.cash).toBe(11_980);
  });

  it("cancels an all-in order against a full opposite position: no margin is left to size it", () => {
    const b = new AllInBroker(bars([100, 100, 100], [100, 100, 100]), 10_000);
    b.next(0);
    b.order(FULL_EQUITY);
    b.next(1);
    b.order(-FULL_EQUITY); // without closePosition(): margin available is 0, so 0 units, cancelled
    b.next(2);
    expect(b.position).toBe(99);
    expect(b.closed).toHaveLength(0);
  });

  it("gives the bars before the first step the first recorded equity (pandas bfill)", () => {
    const b = new AllInBroker(bars([1, 1, 1], [1, 1, 1]), 500);
    b.next(2);
    expect(b.curve()).toEqual([500, 500, 500]);
  });
});
