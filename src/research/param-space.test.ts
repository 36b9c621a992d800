import { describe, expect, it } from "vitest";
import { gridSize, gridTrials, parseRange, randomTrials } from "./param-space.js";

describe("the parameter space", () => {
  it("parses lo:hi:step inclusively, without floating-point crumbs", () => {
    expect(parseRange("--range", "period=10:30:10")).toEqual({ name: "period", values: [10, 20, 30] });
    expect(parseRange("--range", "stopPct=0.1:0.3:0.1").values).toEqual([0.1, 0.2, 0.3]);
  });

  it("parses lists of numbers and of words", () => {
    expect(parseRange("--range", "period=5,8,13").values).toEqual([5, 8, 13]);
    expect(parseRange("--range", "mode=fast,slow").values).toEqual(["fast", "slow"]);
  });

  it("names the flag and the text on bad input", () => {
    expect(() => parseRange("--range", "period")).toThrow(/--range expects name=.*got "period"/);
    expect(() => parseRange("--range", "period=30:10:5")).toThrow(/lo ≤ hi/);
    expect(() => parseRange("--range", "period=1:2")).toThrow(/three numbers/);
    expect(() => parseRange("--range", "period=1,,2")).toThrow(/empty value/);
    expect(() => parseRange("--range", "period=1,1")).toThrow(/twice/);
    expect(() => parseRange("--range", "period=0:1e9:1")).toThrow(/more than/);
  });

  it("the grid is the cartesian product, the last parameter varying fastest", () => {
    const ranges = [parseRange("r", "a=1,2"), parseRange("r", "b=x,y,z")];
    expect(gridSize(ranges)).toBe(6);
    expect(gridTrials(ranges)).toEqual([
      { a: 1, b: "x" },
      { a: 1, b: "y" },
      { a: 1, b: "z" },
      { a: 2, b: "x" },
      { a: 2, b: "y" },
      { a: 2, b: "z" },
    ]);
  });

  it("random search draws distinct points, the same for the same seed, another set for another seed", () => {
    const ranges = [parseRange("r", "a=1:20:1"), parseRange("r", "b=1:20:1")];
    const one = randomTrials(ranges, 30, 7);
    expect(one).toHaveLength(30);
    expect(new Set(one.map((t) => `${t.a},${t.b}`)).size).toBe(30);
    expect(randomTrials(ranges, 30, 7)).toEqual(one);
    expect(randomTrials(ranges, 30, 8)).not.toEqual(one);
    expect(randomTrials(ranges, 1000, 7)).toEqual(gridTrials(ranges));
  });
});
