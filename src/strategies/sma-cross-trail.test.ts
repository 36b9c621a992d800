import { describe, expect, it } from "vitest";
import { harness, MIN, T0 } from "../kernel/test-support/harness.js";
import { SmaCross } from "./sma-cross.js";

describe("sma-cross with a trailing stop (trailPct)", () => {
  it("moves a long's stop up behind the closes, never down, and is stopped out at the trailed level", () => {
    const s = new SmaCross("XAUUSD", "M1", { period: 4, volume: 1, stopPct: 1, trailPct: 0.5 });
    const h = harness({ strategies: [s] });
    const bar = (i: number, c: number) => h.kernel.onBar(0, T0 + i * MIN, "M1", c, c + 0.5, c - 0.5, c, 0, 0);
    // falling closes, then 2010 crosses the 4-bar SMA (1987.50) up → buy at the next open
    for (const [i, c] of [2000, 1990, 1980, 1970, 2010].entries()) bar(i, c);
    // filled at bar 5's open (2010) with its stop 1 % below the signal's close (1989.90); bar 5's close
    // trails it to 0.5 % below 2010
    bar(5, 2010);
    expect(h.ledger.positions[0]!.sl).toBe(1999.95);
    // closes up: the stop follows 0.5 % behind each close
    bar(6, 2020);
    expect(h.ledger.positions[0]!.sl).toBe(2009.9);
    bar(7, 2030);
    expect(h.ledger.positions[0]!.sl).toBe(2019.85);
    // a lower close, still above the SMA (2021.25): the stop is never lowered
    bar(8, 2025);
    expect(h.ledger.positions[0]!.sl).toBe(2019.85);
    // a bar through it: stopped out at the trailed level, a profit where the first stop was a loss
    h.kernel.onBar(0, T0 + 9 * MIN, "M1", 2024, 2024.5, 2015, 2016, 0, 0);
    expect(h.ledger.openCount).toBe(0);
    expect(h.fills.at(-1)).toMatchObject({ reason: "sl", price: 2019.85 });
  });

  it("without trailPct the stop stays where it was set (the reference strategy is unchanged)", () => {
    const s = new SmaCross("XAUUSD", "M1", { period: 4, volume: 1, stopPct: 1 });
    const h = harness({ strategies: [s] });
    const bar = (i: number, c: number) => h.kernel.onBar(0, T0 + i * MIN, "M1", c, c + 0.5, c - 0.5, c, 0, 0);
    for (const [i, c] of [2000, 1990, 1980, 1970, 2010, 2010, 2020, 2030].entries()) bar(i, c);
    expect(h.ledger.positions[0]!.sl).toBe(1989.9);
  });
});
