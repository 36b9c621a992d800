import { describe, expect, it } from "vitest";
import { cutInBlocks, DEFAULT_JOBS } from "./queue-sweeps.js";

describe("a sweep cut into jobs", () => {
  const units = Array.from({ length: 99 }, (_, i) => i);

  it("by default DEFAULT_JOBS blocks of consecutive units, sizes differing by one at most", () => {
    const blocks = cutInBlocks(units);
    expect(blocks).toHaveLength(DEFAULT_JOBS);
    expect(blocks.flat()).toEqual(units);
    const sizes = new Set(blocks.map((b) => b.length));
    expect([...sizes].sort()).toEqual([3, 4]);
    // fewer units than jobs: one unit a job
    expect(cutInBlocks([7, 8, 9])).toEqual([[7], [8], [9]]);
    expect(cutInBlocks([])).toEqual([]);
  });

  it("--job-size units a job, the last one smaller", () => {
    const blocks = cutInBlocks(units, 40);
    expect(blocks.map((b) => b.length)).toEqual([40, 40, 19]);
    expect(blocks.flat()).toEqual(units);
    expect(cutInBlocks(units, 1)).toHaveLength(99);
    expect(cutInBlocks(units, 500)).toEqual([units]);
  });
});
