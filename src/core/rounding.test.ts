import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalsOf, floorToStep, roundCents, roundToTick } from "./rounding.js";

describe("rounding", () => {
  it("counts the decimals of a step", () => {
    expect(decimalsOf(0.01)).toBe(2);
    expect(decimalsOf(0.00001)).toBe(5);
    expect(decimalsOf(1)).toBe(0);
    expect(decimalsOf(0.25)).toBe(2);
  });

  it("rounds prices to the nearest tick, producing the exact decimal", () => {
    expect(roundToTick(2000.005, 0.01)).toBe(2000.01);
    expect(roundToTick(1.234564, 0.00001)).toBe(1.23456);
    expect(roundToTick(1.234565, 0.00001)).toBe(1.23457);
    expect(roundToTick(0.1 + 0.2, 0.1)).toBe(0.3);
    expect(roundToTick(18000.12, 0.25)).toBe(18000);
    expect(roundToTick(18000.13, 0.25)).toBe(18000.25);
  });

  it("floors volumes to the step and never rounds up", () => {
    expect(floorToStep(2.499999, 0.01)).toBe(2.49);
    expect(floorToStep(2.5, 0.01)).toBe(2.5);
    expect(floorToStep(0.29, 0.01)).toBe(0.29); // 0.29 / 0.01 = 28.999999999999996 in binary
    expect(floorToStep(0.009, 0.01)).toBe(0);
    expect(floorToStep(1.00000000001, 0.00001)).toBe(1);
  });

  it("rounds money to cents half away from zero", () => {
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(-1.005)).toBe(-1.01);
    expect(roundCents(0.1 + 0.2)).toBe(0.3);
    expect(roundCents(-0.001)).toBe(0);
    expect(Object.is(roundCents(-0.001), -0)).toBe(false);
    expect(roundCents(10284.1 - 1e-9)).toBe(10284.1);
  });

  it("gives what printing the decimals and parsing them back gives, for every step and sign (the fast path)", () => {
    const printed = (units: number, step: number) => Number((units * step).toFixed(decimalsOf(step))) + 0;
    const steps = [1, 0.1, 0.01, 0.001, 0.00001, 0.25, 0.005, 0.00005, 0.125, 5, 100, 0.3, 1 / 3, 1e-7];
    fc.assert(
      fc.property(
        fc.constantFrom(...steps),
        fc.double({ min: -1e7, max: 1e7, noNaN: true, noDefaultInfinity: true }),
        (step, price) => {
          const units = Math.round(Math.abs(price) / step + 1e-9) * Math.sign(price);
          expect(Object.is(roundToTick(price, step), printed(units, step))).toBe(true);
          const down = Math.floor(Math.abs(price) / step + 1e-9);
          expect(Object.is(floorToStep(Math.abs(price), step), printed(down, step))).toBe(true);
        },
      ),
      { numRuns: 5000, seed: 18 },
    );
    expect(Object.is(roundToTick(-0.01, 1), 0)).toBe(true); // never -0
  });
});
