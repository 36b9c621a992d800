import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExactSum } from "./exact-sum.js";
import { onGrid, roundToDouble } from "./test-support/exact-reference.js";

const fsum = (xs: readonly number[]): number => {
  const { ints, base } = onGrid(xs);
  return roundToDouble(
    ints.reduce((a, b) => a + b, 0n),
    base,
  );
};

describe("ExactSum", () => {
  it("gives math.fsum's known answers where a plain sum does not", () => {
    const s = new ExactSum();
    for (let i = 0; i < 10; i++) s.add(0.1);
    expect(s.value()).toBe(1); // a plain loop gives 0.9999999999999999
    s.reset();
    for (const x of [1e100, 1, -1e100, 1e-100, 1e50, -1, -1e50]) s.add(x);
    expect(s.value()).toBe(1e-100); // Python: math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50])
    s.reset();
    s.add(2 ** 53);
    s.add(1);
    s.add(2 ** -60);
    expect(s.value()).toBe(2 ** 53 + 2); // just above the halfway point: rounds up
    s.sub(2 ** -60);
    expect(s.value()).toBe(2 ** 53); // exactly halfway: ties to even
  });

  it("equals the exactly rounded sum after any adds and removals, in any order", () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
      fc.integer({ min: -1_000_000, max: 1_000_000 }).map((k) => k / 100),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), fc.nat(), (xs, cut) => {
        const s = new ExactSum();
        for (const x of xs) s.add(x);
        expect(s.value() === fsum(xs)).toBe(true);
        // take a prefix away again: what is left is the suffix's exact sum
        const k = cut % xs.length;
        for (const x of xs.slice(0, k)) s.sub(x);
        expect(s.value() === fsum(xs.slice(k))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps products exactly (values away from the subnormal range)", () => {
    const factor = fc.oneof(
      fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((k) => k / 100),
      fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      fc.double({ min: -1e6, max: -1e-3, noNaN: true }),
    );
    fc.assert(
      fc.property(factor, factor, (a, b) => {
        const s = new ExactSum();
        s.addProduct(a, b);
        s.addProduct(-a, b);
        expect(s.value() === 0).toBe(true);
        s.addProduct(a, b);
        const p = onGrid([a, b]);
        expect(s.value() === roundToDouble(p.ints[0]! * p.ints[1]!, 2 * p.base)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("holds NaN while a non-finite value is inside, and recovers when it leaves", () => {
    const s = new ExactSum();
    s.add(1.5);
    s.add(Number.NaN);
    expect(s.value()).toBeNaN();
    s.sub(Number.NaN);
    expect(s.value()).toBe(1.5);
  });
});
