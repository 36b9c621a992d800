import { describe, expect, it } from "vitest";
import { DEFAULT_BRIDGE_ENDPOINT, executionMode, requireBridgeForLive } from "./execution-mode.js";

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

describe("requireBridgeForLive", () => {
  it("refuses live mode without an explicit bridge, naming the flag", () => {
    expect(() => requireBridgeForLive("live", undefined)).toThrow(
      /live mode sends real orders: give the trade server with --bridge/,
    );
    expect(() => requireBridgeForLive("live", " ")).toThrow(/--bridge/);
  });

  it("takes the bridge given in every mode, and the default only in paper and shadow", () => {
    expect(requireBridgeForLive("live", "tcp://127.0.0.1:25555")).toBe("tcp://127.0.0.1:25555");
    expect(requireBridgeForLive("paper", undefined)).toBe(DEFAULT_BRIDGE_ENDPOINT);
    expect(requireBridgeForLive("shadow", undefined)).toBe(DEFAULT_BRIDGE_ENDPOINT);
  });
});
