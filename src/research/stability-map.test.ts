import { describe, expect, it } from "vitest";
import { gridTrials, parseRange } from "./param-space.js";
import { stabilityMap } from "./stability-map.js";

describe("the parameter-stability map", () => {
  const ranges = [parseRange("r", "a=1:3:1"), parseRange("r", "b=10,20"), parseRange("r", "c=0,1")];
  const trials = gridTrials(ranges);

  it("puts the best objective over the free parameters in each cell of the first two", () => {
    // objective = a + b/10 + c, except a=2,b=20 which is not eligible (too few trades)
    const objective = trials.map((t) =>
      t.a === 2 && t.b === 20 ? null : (t.a as number) + (t.b as number) / 10 + (t.c as number),
    );
    const m = stabilityMap(ranges, trials, objective);
    expect(m.x).toEqual({ name: "a", values: [1, 2, 3] });
    expect(m.y).toEqual({ name: "b", values: [10, 20] });
    expect(m.cells).toEqual([
      [3, 4, 5],
      [4, null, 6],
    ]);
    expect(m.best).toEqual({ xi: 2, yi: 1, value: 6 });
    // neighbours of (3, 20): (2,10)=4, (3,10)=5, (2,20)=null → mean 4.5 / 6
    expect(m.neighbourRatio).toBeCloseTo(0.75, 12);
  });

  it("an isolated peak has a low neighbour ratio; named axes are honoured", () => {
    const objective = trials.map((t) => (t.a === 2 && t.c === 1 ? 10 : 0.1));
    const m = stabilityMap(ranges, trials, objective, ["c", "a"]);
    expect(m.x.name).toBe("c");
    expect(m.y?.name).toBe("a");
    expect(m.best?.value).toBe(10);
    expect(m.neighbourRatio).toBeCloseTo(0.01, 12);
  });

  it("one parameter: one row", () => {
    const one = [parseRange("r", "p=1,2,3")];
    const m = stabilityMap(one, gridTrials(one), [1, 3, 2]);
    expect(m.y).toBeNull();
    expect(m.cells).toEqual([[1, 3, 2]]);
    expect(m.neighbourRatio).toBeCloseTo(0.5, 12);
  });
});
