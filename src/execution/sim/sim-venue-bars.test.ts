import { describe, expect, it } from "vitest";
import { harness, T0 } from "../../kernel/test-support/harness.js";

const H1 = 3_600_000;
type Ohlc = [number, number, number, number];

/** Feeds H1 bars (bid prices) one after another from T0. */
function feed(h: ReturnType<typeof harness>, bars: Ohlc[], from = 0, spread = Number.NaN): void {
  bars.forEach(([o, hi, lo, c], i) => {
    h.kernel.onBar(0, T0 + (from + i) * H1, "H1", o, hi, lo, c, 0, spread);
  });
}
const buy = (extra: Record<string, number> = {}) => ({
  kind: "open" as const,
  symbol: "XAUUSD",
  side: "buy" as const,
  orderType: "market" as const,
  volume: 1,
  ...extra,
});

describe("simulated venue on bars (intrabar rules)", () => {
  it("fills a market order at the next bar's open, the ask side with the configured spread", () => {
    const h = harness({ barSpread: 0.3 });
    feed(h, [[2000, 2001, 1999, 2000.5]]);
    h.kernel.submit(buy(), "manual");
    feed(h, [[2001, 2002, 2000, 2001.5]], 1);
    expect(h.fills[0]).toMatchObject({ price: 2001.3, time: T0 + H1 });
  });

  it("keeps ask-side fills on the tick grid (1177.79 + 0.1 is 1177.8899999999999 in binary)", () => {
    const h = harness({ barSpread: 0.1 });
    feed(h, [[1177, 1178, 1176, 1177.5]]);
    h.kernel.submit(buy(), "manual");
    feed(h, [[1177.79, 1178, 1177, 1177.5]], 1);
    expect(h.fills[0]!.price).toBe(1177.89);
  });

  it("uses the spread from the data when the bars have one", () => {
    const h = harness({ barSpread: 5 });
    feed(h, [[2000, 2001, 1999, 2000.5]], 0, 0.2);
    h.kernel.submit(buy(), "manual");
    feed(h, [[2001, 2002, 2000, 2001.5]], 1, 0.2);
    expect(h.fills[0]!.price).toBe(2001.2);
  });

  it("counts the stop loss first when one bar touches both the stop and the target", () => {
    const h = harness();
    feed(h, [[2000, 2001, 1999, 2000]]);
    h.kernel.submit(buy({ sl: 1995, tp: 2005 }), "manual");
    feed(h, [[2000, 2006, 1994, 2003]], 1);
    expect(h.fills[1]).toMatchObject({ reason: "sl", price: 1995 });
    expect(h.ledger.balance).toBe(99_500);
  });

  it("fills a gap through the stop at the open, and a gap through the target at the open", () => {
    const h = harness();
    feed(h, [[2000, 2001, 1999, 2000]]);
    h.kernel.submit(buy({ sl: 1995, tp: 2005 }), "manual");
    feed(h, [[2000, 2001, 1999, 2000]], 1);
    feed(h, [[1990, 2004, 1988, 2003]], 2); // opens below the stop
    expect(h.fills[1]).toMatchObject({ reason: "sl", price: 1990 });
    h.kernel.submit(buy({ sl: 1995, tp: 2005 }), "manual");
    feed(h, [[2000, 2001, 1999, 2000]], 3);
    feed(h, [[2008, 2009, 1990, 2000]], 4); // opens above the target: the target, at the open, even though the low is under the stop
    expect(h.fills[3]).toMatchObject({ reason: "tp", price: 2008 });
  });

  it("takes a target touched inside the bar at the target price", () => {
    const h = harness();
    feed(h, [[2000, 2001, 1999, 2000]]);
    h.kernel.submit(buy({ sl: 1990, tp: 2005 }), "manual");
    feed(h, [[2000, 2001, 1999, 2000]], 1);
    feed(h, [[2001, 2007, 1998, 2006]], 2);
    expect(h.fills[1]).toMatchObject({ reason: "tp", price: 2005 });
  });

  it("on the entry bar of a pending order checks only the stop loss", () => {
    const h = harness();
    feed(h, [[2000, 2001, 1999, 2000]]);
    h.kernel.submit({ ...buy({ sl: 1998, tp: 2004 }), orderType: "stop", price: 2002 }, "manual");
    feed(h, [[2000, 2006, 2000.5, 2005]], 1); // triggers at 2002, target inside the bar is not assumed
    expect(h.fills).toHaveLength(1);
    expect(h.fills[0]).toMatchObject({ price: 2002, reason: "stop" });
    h.kernel.submit({ ...buy({ sl: 1990 }), orderType: "stop", price: 2010 }, "manual");
    feed(h, [[2005, 2011, 1989, 1995]], 2); // the first position's target 2004 is below the open: tp at the open; the new one stops out
    expect(h.fills.map((f) => [f.reason, f.price])).toEqual([
      ["stop", 2002],
      ["stop", 2010],
      ["tp", 2005],
      ["sl", 1990],
    ]);
  });

  it("fills a pending buy stop gapped over at the open, a buy limit at the limit", () => {
    const h = harness();
    feed(h, [[2000, 2001, 1999, 2000]]);
    h.kernel.submit({ ...buy(), orderType: "stop", price: 2002 }, "manual");
    h.kernel.submit({ ...buy(), orderType: "limit", price: 1996 }, "manual");
    feed(h, [[2004, 2005, 1995, 2000]], 1);
    expect(h.fills.map((f) => [f.reason, f.price])).toEqual([
      ["stop", 2004],
      ["limit", 1996],
    ]);
  });

  it("marks open positions at the bar close", () => {
    const h = harness();
    feed(h, [[2000, 2001, 1999, 2000]]);
    h.kernel.submit(buy(), "manual");
    feed(h, [[2000, 2011, 1999, 2010]], 1);
    expect(h.ledger.equity).toBe(101_000);
    expect(h.ledger.floatingPnl).toBe(1000);
  });
});
