import { describe, expect, it } from "vitest";
import { dailySeries } from "./daily-series.js";
import { marksOf } from "./test-support/marks.js";

describe("dailySeries", () => {
  it("buy-and-hold buys equal shares at the start prices and marks them at each day's prices", () => {
    const s = dailySeries(
      marksOf("a", [25_000, 25_500, 25_250], { "BTC-USD": [100, 110, 110], "ETH-USD": [50, 50, 55] }),
    )!;
    expect(s.days).toEqual(["2024-01-01", "2024-01-02"]);
    expect(s.returns[0]).toBeCloseTo(0.02, 12); // 25,500 / 25,000
    expect(s.returns[1]).toBeCloseTo(-250 / 25_500, 12);
    // value per start dollar: (1.1 + 1) / 2 = 1.05, then (1.1 + 1.1) / 2 = 1.1
    expect(s.buyHold[0]).toBeCloseTo(0.05, 12);
    expect(s.buyHold[1]).toBeCloseTo(1.1 / 1.05 - 1, 12);
    expect(s.returnPct).toBeCloseTo(1, 10);
    expect(s.buyHoldPct).toBeCloseTo(10, 10);
    expect(s.assets).toEqual(["BTC-USD", "ETH-USD"]);
  });

  it("takes the marks in any order, leaves out an asset unpriced at some mark, needs a start and a day", () => {
    const marks = marksOf("a", [100, 101, 102], { X: [10, 11, 12], Y: [5, Number.NaN, 6] });
    const s = dailySeries([...marks].reverse())!;
    expect(s.assets).toEqual(["X"]);
    expect(s.buyHoldPct).toBeCloseTo(20, 10);
    expect(dailySeries(marks.slice(1))).toBeNull();
    expect(dailySeries(marks.slice(0, 1))).toBeNull();
  });
});
