import { describe, expect, it } from "vitest";
import { harness } from "../../kernel/test-support/harness.js";

const utc = (s: string): number => Date.parse(s);
const order = (side: "buy" | "sell", volume = 1) => ({
  kind: "open" as const,
  symbol: "XAUUSD",
  side,
  orderType: "market" as const,
  volume,
});
const close = { kind: "close" as const, symbol: "XAUUSD" };
// XAUUSD at a broker: 3.00 per lot per fill, −10.00 a night long, +5.00 short, triple on Wednesday.
// The rollover is 17:00 New York: 22:00 UTC in January (00:00 on an EET server).
const overrides = { commissionPerLot: 3, swapLong: -10, swapShort: 5 };

describe("simulated venue: commission and overnight swap", () => {
  it("a long held over Tuesday's and Wednesday's rollovers pays 1 + 3 nights, and commission on both fills", () => {
    const h = harness({ overrides });
    h.kernel.onTick(0, utc("2024-01-09T10:00:00Z"), 2000, 2000); // Tuesday
    h.kernel.submit(order("buy"), "manual");
    h.kernel.onTick(0, utc("2024-01-09T10:00:01Z"), 2000, 2000);
    expect(h.fills[0]).toMatchObject({ opening: true, commission: 3 });
    h.kernel.onTick(0, utc("2024-01-09T21:59:59Z"), 2000, 2000);
    expect(h.ledger.positions[0]!.swap).toBe(0);
    h.kernel.onTick(0, utc("2024-01-09T22:05:00Z"), 2000, 2000); // after Tuesday's rollover
    expect(h.ledger.positions[0]!.swap).toBe(-10);
    expect(h.venue.positions()[0]!.swap).toBe(-10);
    // MT5: swap floats in equity, the balance has only paid the opening commission
    expect(h.ledger.balance).toBe(99_997);
    expect(h.ledger.equity).toBe(99_987);
    h.kernel.onTick(0, utc("2024-01-10T12:00:00Z"), 2000, 2000);
    expect(h.ledger.positions[0]!.swap).toBe(-10);
    h.kernel.onTick(0, utc("2024-01-10T22:00:00Z"), 2001, 2001); // Wednesday's rollover: the weekend's three nights
    expect(h.ledger.positions[0]!.swap).toBe(-40);
    h.kernel.submit(close, "manual");
    h.kernel.onTick(0, utc("2024-01-11T09:00:00Z"), 2001, 2001);
    expect(h.fills[1]).toMatchObject({ opening: false, commission: 3 });
    // gross (2001 − 2000) × 100 oz = 100; commission 3 + 3; swap −40
    expect(h.ledger.trades[0]).toMatchObject({ grossPnl: 100, commission: 6, swap: -40, netPnl: 54 });
    expect(h.ledger.balance).toBe(100_054);
    expect(h.ledger.equity).toBe(100_054);
    expect(h.ledger.swapTotal).toBe(-40);
    expect(h.ledger.commissionPaid).toBe(6);
  });

  it("a position opened and closed inside one trading day pays no swap", () => {
    const h = harness({ overrides });
    h.kernel.onTick(0, utc("2024-01-09T22:30:00Z"), 2000, 2000); // just after Tuesday's rollover
    h.kernel.submit(order("buy"), "manual");
    h.kernel.onTick(0, utc("2024-01-09T22:31:00Z"), 2000, 2000);
    h.kernel.onTick(0, utc("2024-01-10T12:00:00Z"), 2000, 2000);
    h.kernel.submit(close, "manual");
    h.kernel.onTick(0, utc("2024-01-10T21:59:00Z"), 2000, 2000); // just before Wednesday's
    expect(h.ledger.trades[0]).toMatchObject({ grossPnl: 0, commission: 6, swap: 0, netPnl: -6 });
    expect(h.ledger.swapTotal).toBe(0);
  });

  it("books a short's credit over a weekend gap once (Friday's night; Saturday and Sunday book none)", () => {
    const h = harness({ overrides });
    h.kernel.onTick(0, utc("2024-01-12T15:00:00Z"), 2000, 2000); // Friday
    h.kernel.submit(order("sell", 0.5), "manual");
    h.kernel.onTick(0, utc("2024-01-12T15:00:01Z"), 2000, 2000);
    h.kernel.onTick(0, utc("2024-01-14T23:05:00Z"), 2000, 2000); // Sunday's reopening after three rollovers
    expect(h.ledger.positions[0]!.swap).toBe(2.5);
    h.kernel.submit(close, "manual");
    h.kernel.onTick(0, utc("2024-01-15T08:00:00Z"), 2000, 2000);
    expect(h.ledger.trades[0]).toMatchObject({ swap: 2.5, commission: 3, netPnl: -0.5 });
  });

  it("splits the swap pro rata on a partial close", () => {
    const h = harness({ overrides });
    h.kernel.onTick(0, utc("2024-01-09T10:00:00Z"), 2000, 2000);
    h.kernel.submit(order("buy"), "manual");
    h.kernel.onTick(0, utc("2024-01-09T10:00:01Z"), 2000, 2000);
    h.kernel.onTick(0, utc("2024-01-10T22:00:00Z"), 2000, 2000); // Tue 1 + Wed 3 nights
    const id = h.ledger.positions[0]!.id;
    h.kernel.submit({ kind: "close", symbol: "XAUUSD", positionId: id, volume: 0.25 }, "manual");
    h.kernel.onTick(0, utc("2024-01-11T09:00:00Z"), 2000, 2000);
    expect(h.ledger.trades[0]).toMatchObject({ volume: 0.25, swap: -10 });
    expect(h.ledger.positions[0]!.swap).toBe(-30);
    expect(h.ledger.equity).toBe(h.ledger.balance - 30);
  });

  it("wakes the kernel's fast path at the rollover: a run of ticks books what tick by tick does", () => {
    const run = (fast: boolean, minutes: number) => {
      const h = harness({ overrides });
      h.kernel.onTick(0, utc("2024-01-09T10:00:00Z"), 2000, 2000);
      h.kernel.submit(order("buy"), "manual");
      const start = utc("2024-01-09T10:00:01Z");
      const time = Float64Array.from({ length: minutes }, (_, i) => start + i * 60_000);
      const bid = Float64Array.from({ length: minutes }, (_, i) => 2000 + (i % 7) * 0.01);
      if (fast) h.kernel.onTicks(0, time, bid, bid, 0, minutes);
      else for (let i = 0; i < minutes; i++) h.kernel.onTick(0, time[i]!, bid[i]!, bid[i]!);
      return { swap: h.ledger.positions[0]!.swap, equity: h.ledger.equity, balance: h.ledger.balance };
    };
    // to 22:30 UTC Tuesday: past the rollover, before anything else (Prague's midnight) wakes the loop
    expect(run(true, 12.5 * 60).swap).toBe(-10);
    const fast = run(true, 3 * 24 * 60);
    // Tuesday 1 + Wednesday 3 + Thursday 1
    expect(fast.swap).toBe(-50);
    expect(fast).toEqual(run(false, 3 * 24 * 60));
  });
});
