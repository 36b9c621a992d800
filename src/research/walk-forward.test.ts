import { describe, expect, it } from "vitest";
import { walkForwardWindows } from "./walk-forward.js";

describe("walk-forward windows", () => {
  it("rolling: equal in-sample ranges slide by one out-of-sample length; out of sample tiles the rest", () => {
    // 0..700 with ratio 3 and 4 windows: L_oos = 700 / 7 = 100, L_is = 300
    const w = walkForwardWindows(0, 700, { windows: 4, inSampleRatio: 3, mode: "rolling" });
    expect(
      w.map((x) => [x.inSample.startMs, x.inSample.endMs, x.outOfSample.startMs, x.outOfSample.endMs]),
    ).toEqual([
      [0, 300, 300, 400],
      [100, 400, 400, 500],
      [200, 500, 500, 600],
      [300, 600, 600, 700],
    ]);
  });

  it("anchored: every in-sample range starts at the beginning and ends where its test starts", () => {
    const w = walkForwardWindows(1000, 1700, { windows: 4, inSampleRatio: 3, mode: "anchored" });
    expect(w.map((x) => [x.inSample.startMs, x.inSample.endMs])).toEqual([
      [1000, 1300],
      [1000, 1400],
      [1000, 1500],
      [1000, 1600],
    ]);
    expect(w.at(-1)!.outOfSample.endMs).toBe(1700);
  });

  it("in sample never overlaps its own out-of-sample range, and the last one ends at the end", () => {
    const w = walkForwardWindows(0, 1_000_003, { windows: 7, inSampleRatio: 2.5, mode: "rolling" });
    for (const x of w) expect(x.inSample.endMs).toBeLessThanOrEqual(x.outOfSample.startMs);
    for (let k = 1; k < w.length; k++) expect(w[k]!.outOfSample.startMs).toBe(w[k - 1]!.outOfSample.endMs);
    expect(w.at(-1)!.outOfSample.endMs).toBe(1_000_003);
  });

  it("refuses no windows, a non-positive ratio and an empty span", () => {
    expect(() => walkForwardWindows(0, 10, { windows: 0, inSampleRatio: 1, mode: "rolling" })).toThrow(
      RangeError,
    );
    expect(() => walkForwardWindows(0, 10, { windows: 1, inSampleRatio: 0, mode: "rolling" })).toThrow(
      RangeError,
    );
    expect(() => walkForwardWindows(5, 5, { windows: 1, inSampleRatio: 1, mode: "rolling" })).toThrow(
      RangeError,
    );
  });
});
