import { describe, expect, it } from "vitest";
import { FailureCounts } from "./failure-counts.js";

describe("FailureCounts", () => {
  it("counts per engine and cause; failures are the engine's own (invalid, timeout, error)", () => {
    const f = new FailureCounts();
    f.record("deepseek", "timeout");
    f.record("deepseek", "timeout");
    f.record("deepseek", "paused");
    f.recordCycle([
      { engineId: "deepseek", cause: "error" },
      { engineId: "grok", cause: "budget" },
      { engineId: "claude", cause: null },
    ]);
    expect(f.get("deepseek")).toMatchObject({ timeout: 2, error: 1, paused: 1, invalid: 0 });
    expect(f.failures("deepseek")).toBe(3);
    expect(f.failures("grok")).toBe(0);
    expect(f.summary("deepseek")).toBe("timeout 2, error 1, paused 1");
    expect(f.summary("claude")).toBe("");
    expect(Object.values(f.get("nobody")).every((n) => n === 0)).toBe(true);
  });

  it("get returns a copy", () => {
    const f = new FailureCounts();
    f.record("a", "invalid");
    const c = f.get("a") as Record<string, number>;
    c.invalid = 99;
    expect(f.get("a").invalid).toBe(1);
  });
});
