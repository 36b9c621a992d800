import { describe, expect, it } from "vitest";
import { FULL_EQUITY, floorDiv } from "./all-in-broker.js";
import { ibEquityFee } from "./lean-set-holdings.js";

describe("the peers' sizing and fee rules", () => {
  it("all-in sizing floors like Python's //: 10,000 × (1 − ε) at 100 buys 99 units, not 100", () => {
    expect(floorDiv(10_000 * FULL_EQUITY, 100)).toBe(99);
    expect(floorDiv(10_000, 100)).toBe(100);
    expect(floorDiv(7, 2)).toBe(3);
    expect(floorDiv(0.3, 0.1)).toBe(2); // Python: 0.3 // 0.1 == 2.0 (0.1 is a little above a tenth)
  });

  it("LEAN's Interactive Brokers equity fee: $0.005 a share, at least $1, else at most 0.5% of the value", () => {
    expect(ibEquityFee(688, 144.78)).toBeCloseTo(3.44, 10);
    expect(ibEquityFee(10, 150)).toBe(1);
    expect(ibEquityFee(10, 1)).toBe(1); // the minimum wins over the 0.5% cap ($0.05)
    expect(ibEquityFee(1000, 0.5)).toBeCloseTo(2.5, 10); // capped: 0.5% of $500
  });
});
