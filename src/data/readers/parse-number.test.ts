import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseNumber } from "./parse-number.js";

const num = (s: string): number => parseNumber(s, 0, s.length);

describe("parseNumber", () => {
  it("parses decimals like Number()", () => {
    for (const s of [
      "0",
      "1",
      "-1",
      "+2.5",
      "1291.677",
      "0.000001",
      ".5",
      "5.",
      "00012",
      "1.38686",
      "22351900",
    ]) {
      expect(num(s)).toBe(Number(s));
    }
  });

  it("agrees with Number() on random decimal text, bit for bit", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 12 }),
        (x, digits) => {
          const fixed = Math.abs(x) < 1e15 ? x.toFixed(digits) : String(x);
          expect(Object.is(num(fixed), Number(fixed))).toBe(true);
          expect(Object.is(num(String(x)), Number(String(x)))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("handles long mantissas and exponents through the fallback", () => {
    expect(num("3.14159265358979323846")).toBe(Number("3.14159265358979323846"));
    expect(num("12345678901234567890")).toBe(Number("12345678901234567890"));
    expect(num("1e5")).toBe(100000);
    expect(num("-2.5E-3")).toBe(-0.0025);
  });

  it("trims spaces and reads a slice in place", () => {
    expect(num("  42.5 ")).toBe(42.5);
    expect(parseNumber("a,17.25,b", 2, 7)).toBe(17.25);
  });

  it("returns NaN for anything that is not a decimal number", () => {
    for (const s of [
      "",
      " ",
      "-",
      "+",
      ".",
      "abc",
      "1.2.3",
      "1,5",
      "0x10",
      "1e",
      "1e+",
      "Infinity",
      "NaN",
      "12a",
      "- 1",
    ]) {
      expect(num(s), s).toBeNaN();
    }
  });
});
