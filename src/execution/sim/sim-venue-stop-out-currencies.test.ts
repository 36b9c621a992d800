import { describe, expect, it } from "vitest";
import { harness, T0 } from "../../kernel/test-support/harness.js";

const buy = (symbol: string, volume: number) => ({
  kind: "open" as const,
  symbol,
  side: "buy" as const,
  orderType: "market" as const,
  volume,
});
const USDJPY = 0;
const GER40 = 1;
const EURUSD = 2;

/**
 * A USD account of 20,000 with three longs, quotes without spread so the arithmetic stays readable:
 * USDJPY 1 lot at 150.000 (margin 100,000 USD ÷ 100 = 1,000 USD), GER40 10 lots at 18,000 (10 × 18,000 ÷
 * 20 = 9,000 EUR × EURUSD 1.1000 = 9,900 USD) and EURUSD 1 lot at 1.1000 (1,000 EUR × 1.1 = 1,100 USD):
 * margin 12,000 USD, stop-out below 50 %, i.e. equity under 6,000.
 */
function threeLongs() {
  const h = harness({ symbols: ["USDJPY", "GER40", "EURUSD"], cash: 20_000 });
  const quote = (sym: number, t: number, px: number) => h.kernel.onTick(sym, t, px, px);
  quote(EURUSD, T0, 1.1);
  quote(USDJPY, T0, 150);
  quote(GER40, T0, 18_000);
  h.kernel.submit(buy("USDJPY", 1), "manual");
  h.kernel.submit(buy("GER40", 10), "manual");
  h.kernel.submit(buy("EURUSD", 1), "manual");
  quote(USDJPY, T0 + 1000, 150);
  quote(GER40, T0 + 1000, 18_000);
  quote(EURUSD, T0 + 1000, 1.1);
  expect(h.ledger.openCount).toBe(3);
  expect(h.ledger.margin).toBeCloseTo(12_000, 9);
  return { h, quote };
}

describe("stop-out across currencies: largest loss first, then the next while still below, each recorded", () => {
  it("an EURUSD tick lowers GER40's USD value under the level: USDJPY closes first, then GER40", () => {
    const { h, quote } = threeLongs();
    // GER40 −500 points × 10 = −5,000 EUR × 1.1 = −5,500 USD: equity 14,500, level 120.8 %
    quote(GER40, T0 + 2000, 17_500);
    // USDJPY −10.000 × 100,000 = −1,000,000 JPY ÷ 140 = −7,142.86 USD: equity 7,357.14, level 61.3 %
    quote(USDJPY, T0 + 3000, 140);
    expect(h.ledger.openCount).toBe(3);
    expect(h.ledger.marginLevelPct).toBeCloseTo(61.31, 2);
    // EURUSD 1.0800: its own −2,000 USD, and GER40's −5,000 EUR now −5,400 USD:
    // equity 20,000 − 7,142.86 − 5,400 − 2,000 = 5,457.14, level 45.48 % < 50 %
    quote(EURUSD, T0 + 4000, 1.08);
    expect(h.stopOuts.map((e) => [e.symbol, e.price, e.time])).toEqual([
      ["USDJPY", 140, T0 + 4000], // the largest loss (−7,142.86) first …
      ["GER40", 17_500, T0 + 4000], // … margin 11,000: equity 5,457.14 is still 49.61 %: the next (−5,400)
    ]);
    const [first, second] = h.stopOuts;
    expect(first!.loss).toBeCloseTo(-7142.857, 3);
    expect(first!.equity).toBeCloseTo(5457.143, 3);
    expect(first!.margin).toBeCloseTo(12_000, 9);
    expect(first!.marginLevelPct).toBeCloseTo(45.476, 3);
    expect(first!.stopOutPct).toBe(50);
    expect(second!.loss).toBeCloseTo(-5400, 6);
    expect(second!.margin).toBeCloseTo(11_000, 9);
    expect(second!.marginLevelPct).toBeCloseTo(49.61, 2);
    // realised to the cent at the rates of the stop-out: 20,000 − 7,142.86 − 5,400
    expect(h.ledger.trades.map((t) => [t.symbol, t.grossPnl, t.exitReason])).toEqual([
      ["USDJPY", -7142.86, "stop-out"],
      ["GER40", -5400, "stop-out"],
    ]);
    expect(h.ledger.balance).toBe(7457.14);
    // EURUSD alone: margin 1,100, equity 5,457.14: 496 %, left open
    expect(h.ledger.positions.map((p) => p.symbol)).toEqual(["EURUSD"]);
    expect(h.ledger.marginLevelPct).toBeCloseTo(496.1, 1);
    // the margin call (100 %): entered when USDJPY took the level to 61.3 %, seen left after the stop-out
    expect(h.marginCalls.map((e) => [e.kind, e.time, e.marginCallPct])).toEqual([
      ["entered", T0 + 3000, 100],
      ["left", T0 + 4000, 100],
    ]);
    expect(h.marginCalls[0]!.marginLevelPct).toBeCloseTo(61.31, 2);
    expect(h.marginCalls[1]!.marginLevelPct).toBeCloseTo(496.1, 1);
  });

  it("ticks folded in runs stop out at the same tick and price as tick by tick", () => {
    const run = (fast: boolean) => {
      const { h } = threeLongs();
      // each symbol in turn drifts down a little per tick: GER40 −1 point, USDJPY −0.005, EURUSD −0.00002
      for (let round = 0; round < 20; round++) {
        for (const sym of [GER40, USDJPY, EURUSD]) {
          const n = 100;
          const start = T0 + 10_000 + (round * 3 + sym) * n;
          const time = Float64Array.from({ length: n }, (_, i) => start + i);
          const k = (i: number) => round * n + i + 1;
          const px = Float64Array.from({ length: n }, (_, i) =>
            sym === GER40 ? 18_000 - k(i) : sym === USDJPY ? 150 - 0.005 * k(i) : 1.1 - 0.00002 * k(i),
          );
          if (fast) h.kernel.onTicks(sym, time, px, px, 0, n);
          else for (let i = 0; i < n; i++) h.kernel.onTick(sym, time[i]!, px[i]!, px[i]!);
        }
      }
      return [
        ...h.stopOuts.map((e) => [e.symbol, e.price, e.time]),
        ...h.marginCalls.map((e) => [e.kind, e.time]),
      ];
    };
    const slow = run(false);
    // all three stopped out in turn, the margin call entered and left twice on the way
    expect(slow.map((e) => e[0])).toEqual([
      "GER40",
      "USDJPY",
      "EURUSD",
      "entered",
      "left",
      "entered",
      "left",
    ]);
    expect(run(true)).toEqual(slow);
  });

  it("on bars, a symbol converting its own money is stopped out where the exact equity crosses the level", () => {
    // 2,000 USD, 1 lot USDJPY at 150.000: margin 1,000, floor 500. Equity 2,000 + (b − 150) × 100,000 ÷ b
    // reaches 500 at b = 15,000,000 ÷ 101,500 = 147.7833: on the tick grid, the first price below the level
    // is 147.783 (equity 2,000 − 221,700 ÷ 147.783 = 499.83; at 147.784 it is 500.49).
    const h = harness({ symbols: ["USDJPY"], cash: 2000 });
    h.kernel.onTick(0, T0, 150, 150);
    h.kernel.submit(buy("USDJPY", 1), "manual");
    h.kernel.onTick(0, T0 + 1000, 150, 150);
    h.kernel.onBar(0, T0 + 60_000, "M1", 149, 149.5, 147, 148, 0, 0);
    expect(h.stopOuts.map((e) => [e.symbol, e.price])).toEqual([["USDJPY", 147.783]]);
    // realised at the rate of that moment: −221,700 JPY ÷ 147.783 = −1,500.17 USD
    expect(h.ledger.trades[0]!.grossPnl).toBe(-1500.17);
  });
});
