import { describe, expect, it } from "vitest";
import { DayBoundary } from "../../core/time.js";
import { harness, T0 } from "../../kernel/test-support/harness.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import type { Fill } from "../../model/fill.js";
import { InstrumentTable } from "../../model/instrument-table.js";
import { Ledger } from "../../portfolio/ledger.js";
import { marketOrder } from "../test-support/market-order.js";
import { SimVenue } from "./sim-venue.js";

const buy = (volume: number, symbol = "XAUUSD") => ({
  kind: "open" as const,
  symbol,
  side: "buy" as const,
  orderType: "market" as const,
  volume,
});
const sell = (volume: number, symbol = "XAUUSD") => ({ ...buy(volume, symbol), side: "sell" as const });
const exits = (fills: readonly Fill[]) =>
  fills.filter((f) => !f.opening).map((f) => [f.symbol, f.price, f.volume, f.reason, f.time]);

/**
 * 100,000 USD; XAUUSD (100 oz, 1:30, no commission) 5 lots bought at 2000.30 (A) and 5 at 2010.30 (B):
 * margin (1,000,150 + 1,005,150) / 30 = 66,843.33, the stop-out floor half of it, 33,421.67; equity at a
 * bid b is 100,000 + 500 (b − 2000.30) + 500 (b − 2010.30) = 1,000 b − 1,905,300, under the floor below
 * 1938.7217.
 */
function twoLongs() {
  const h = harness();
  h.kernel.onTick(0, T0, 2000, 2000.3);
  h.kernel.submit(buy(5), "manual");
  h.kernel.onTick(0, T0 + 1000, 2000, 2000.3);
  h.kernel.onTick(0, T0 + 2000, 2010, 2010.3);
  h.kernel.submit(buy(5), "manual");
  h.kernel.onTick(0, T0 + 3000, 2010, 2010.3);
  expect(h.ledger.margin).toBeCloseTo(66_843.33, 2);
  const [a, b] = h.fills.map((f) => f.positionId);
  return { h, a: a!, b: b! };
}

describe("simulated venue: the broker's stop-out (50 % margin level, the most losing position first)", () => {
  it("on ticks: nothing at a 50.4 % margin level; under 50 % the worst position closes at the bid, then the other lower down", () => {
    const { h, a, b } = twoLongs();
    h.kernel.onTick(0, T0 + 4000, 1939, 1939.3); // equity 33,700: 50.42 %
    expect(h.ledger.openCount).toBe(2);
    h.kernel.onTick(0, T0 + 5000, 1938.5, 1938.8); // equity 33,200: 49.67 %
    expect(exits(h.fills)).toEqual([["XAUUSD", 1938.5, 5, "stop-out", T0 + 5000]]);
    expect(h.fills.at(-1)!.positionId).toBe(b); // B lost 35,900, A 30,900
    expect(h.ledger.balance).toBe(64_100);
    expect(h.ledger.positions.map((p) => p.id)).toEqual([a]);
    // A alone: margin 33,338.33, floor 16,669.17; equity 64,100 + 500 (b − 2000.30)
    h.kernel.onTick(0, T0 + 6000, 1934, 1934.3); // equity 30,950: 92.8 %
    expect(h.ledger.openCount).toBe(1);
    h.kernel.onTick(0, T0 + 7000, 1900, 1900.3); // equity 13,950: 41.8 %
    expect(exits(h.fills).at(-1)).toEqual(["XAUUSD", 1900, 5, "stop-out", T0 + 7000]);
    expect(h.ledger.balance).toBe(13_950);
    expect(h.ledger.trades.map((t) => t.exitReason)).toEqual(["stop-out", "stop-out"]);
  });

  it("a short is stopped out on the ask", () => {
    const h = harness();
    h.kernel.onTick(0, T0, 2000, 2000.3);
    h.kernel.submit(sell(10), "manual");
    h.kernel.onTick(0, T0 + 1000, 2000, 2000.3); // sold at 2000: margin 66,666.67, floor 33,333.33
    // equity 100,000 − 1,000 (a − 2000): under the floor above an ask of 2066.6667
    h.kernel.onTick(0, T0 + 2000, 2066.3, 2066.6);
    expect(h.ledger.openCount).toBe(1);
    h.kernel.onTick(0, T0 + 3000, 2066.5, 2066.8);
    expect(exits(h.fills)).toEqual([["XAUUSD", 2066.8, 10, "stop-out", T0 + 3000]]);
  });

  it("on bars: at the price where the level is crossed inside the bar, and at the open of a bar that gaps under it", () => {
    const { h, a, b } = twoLongs();
    h.kernel.onBar(0, T0 + 60_000, "M1", 1945, 1946, 1930, 1935, 0, 0);
    expect(exits(h.fills)).toEqual([["XAUUSD", 1938.72, 5, "stop-out", T0 + 60_000]]);
    expect(h.fills.at(-1)!.positionId).toBe(b);
    // A alone would cross at 2000.30 + (16,669.17 − 64,210) / 500 = 1905.22, under this bar's low
    expect(h.ledger.positions.map((p) => p.id)).toEqual([a]);
    h.kernel.onBar(0, T0 + 120_000, "M1", 1900, 1950, 1899, 1949, 0, 0);
    expect(exits(h.fills).at(-1)).toEqual(["XAUUSD", 1900, 5, "stop-out", T0 + 120_000]);
  });

  it("closes the position losing most whatever its symbol, at that symbol's last price", () => {
    const h = harness({ symbols: ["XAUUSD", "EURUSD"] });
    h.kernel.onTick(0, T0, 2000, 2000.3);
    h.kernel.onTick(1, T0, 1.1, 1.1001);
    h.kernel.submit(buy(5), "manual");
    h.kernel.submit(buy(10, "EURUSD"), "manual");
    h.kernel.onTick(0, T0 + 1000, 2000, 2000.3);
    h.kernel.onTick(1, T0 + 1000, 1.1, 1.1001);
    // margin 33,338.33 + 11,001 = 44,339.33, floor 22,169.67
    h.kernel.onTick(1, T0 + 2000, 1.06, 1.0601); // EURUSD −40,100
    h.kernel.onTick(0, T0 + 3000, 1925, 1925.3); // XAUUSD −37,650: equity 22,250
    expect(h.ledger.openCount).toBe(2);
    h.kernel.onTick(0, T0 + 4000, 1924, 1924.3); // −38,150: equity 21,750
    expect(exits(h.fills)).toEqual([["EURUSD", 1.06, 10, "stop-out", T0 + 4000]]);
    expect(h.ledger.positions.map((p) => p.symbol)).toEqual(["XAUUSD"]);
  });

  it("the kernel's fast path (runs of ticks, one symbol after the other) stops out at the same tick as tick by tick", () => {
    const run = (fast: boolean) => {
      const h = harness({ symbols: ["XAUUSD", "EURUSD"] });
      h.kernel.onTick(0, T0, 2000, 2000.3);
      h.kernel.onTick(1, T0, 1.1, 1.1001);
      h.kernel.submit(buy(5), "manual");
      h.kernel.submit(sell(10, "EURUSD"), "manual");
      h.kernel.onTick(0, T0 + 1, 2000, 2000.3);
      h.kernel.onTick(1, T0 + 1, 1.1, 1.1001);
      // both drift against the account in turns: gold down 0.10 a tick, EURUSD up 0.00001
      for (let round = 0; round < 40; round++) {
        for (const sym of [0, 1]) {
          const n = 250;
          const start = T0 + 10 + (round * 2 + sym) * n;
          const time = Float64Array.from({ length: n }, (_, i) => start + i);
          const step = (i: number) => round * n + i;
          const bid = Float64Array.from({ length: n }, (_, i) =>
            sym === 0 ? 2000 - 0.1 * step(i) : 1.1 + 0.00001 * step(i),
          );
          const ask = Float64Array.from(bid, (b) => (sym === 0 ? b + 0.3 : b + 0.0001));
          if (fast) h.kernel.onTicks(sym, time, bid, ask, 0, n);
          else for (let i = 0; i < n; i++) h.kernel.onTick(sym, time[i]!, bid[i]!, ask[i]!);
        }
      }
      return exits(h.fills);
    };
    const slow = run(false);
    expect(slow.map((e) => e[3])).toEqual(["stop-out", "stop-out"]);
    expect(run(true)).toEqual(slow);
  });

  it("an account far from the level, or a venue told 0 %, never stops out", () => {
    const h = harness();
    h.kernel.onTick(0, T0, 2000, 2000.3);
    h.kernel.submit(buy(1), "manual"); // margin 6,667
    h.kernel.onTick(0, T0 + 1000, 2000, 2000.3);
    h.kernel.onTick(0, T0 + 2000, 1500, 1500.3); // equity 49,970: 750 %
    expect(h.ledger.openCount).toBe(1);

    const instruments = new InstrumentTable([resolveInstrument("XAUUSD")]);
    const ledger = new Ledger(instruments, 100_000, new DayBoundary("UTC"));
    const venue = new SimVenue({ instruments, account: ledger, stopOutPct: 0 });
    venue.setListener({ onFill: (f, p) => ledger.applyFill(f, p), onOrderUpdate: () => {} });
    venue.submit(marketOrder("O1", T0, { volume: 10, sl: Number.NaN }));
    venue.onTick(0, T0, 2000, 2000.3);
    ledger.mark(0, 2000, 2000.3);
    venue.onTick(0, T0 + 1000, 1950, 1950.3); // equity 49,700: 74.5 %, still open
    ledger.mark(0, 1950, 1950.3);
    venue.onTick(0, T0 + 2000, 1930, 1930.3); // 29,700: 44.5 %
    expect(venue.positions()).toHaveLength(1);
  });
});
