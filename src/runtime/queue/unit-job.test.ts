import { describe, expect, it } from "vitest";
import { decodeExact, encodeExact } from "./unit-job.js";

describe("a job's JSON", () => {
  it("keeps ±Infinity, NaN and -0, which plain JSON turns into null and 0", () => {
    const v = {
      maxDays: Number.POSITIVE_INFINITY,
      low: Number.NEGATIVE_INFINITY,
      x: [Number.NaN, -0, 0.1 + 0.2],
    };
    expect(JSON.parse(JSON.stringify(v)).maxDays).toBeNull();
    const back = decodeExact<typeof v>(encodeExact(v));
    expect(back).toEqual(v);
    expect(Object.is(back.x[1], -0)).toBe(true);
    expect(back.x[2]).toBe(0.1 + 0.2);
  });
});
