import { describe, expect, it } from "vitest";
import { executionMode } from "./execution-mode.js";

describe("EXECUTION_MODE", () => {
  it("defaults to paper and accepts the three modes in any case", () => {
    expect(executionMode(undefined)).toBe("paper");
    expect(executionMode("")).toBe("paper");
    expect(executionMode("SHADOW")).toBe("shadow");
    expect(executionMode(" live ")).toBe("live");
  });

  it("names the variable on a bad value", () => {
    expect(() => executionMode("real")).toThrow(
      /EXECUTION_MODE must be one of paper, shadow, live, got "real"/,
    );
    expect(() => executionMode("x", "--mode")).toThrow(/--mode/);
  });
});
