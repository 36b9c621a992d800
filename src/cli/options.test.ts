import { describe, expect, it } from "vitest";
import { HydraError } from "../core/errors.js";
import { durationOption, numberOption, portOption } from "./options.js";

const usage = (f: () => unknown): HydraError => {
  try {
    f();
  } catch (e) {
    if (e instanceof HydraError) return e;
  }
  throw new Error("expected a HydraError");
};

describe("numberOption", () => {
  it("names the flag and both limits when the value is out of range", () => {
    const e = usage(() => numberOption("--risk-pct", "500", { positive: true, max: 10 }));
    expect(e.code).toBe("CLI_USAGE");
    expect(e.message).toBe('--risk-pct must be a number > 0 and <= 10, got "500"');
    expect(e.details.field).toBe("--risk-pct");
    expect(numberOption("--risk-pct", "10", { positive: true, max: 10 })).toBe(10);
  });
});

describe("portOption", () => {
  it("takes 0 … 65535 and refuses the rest naming the range", () => {
    expect(portOption("--metrics-port", "0")).toBe(0);
    expect(portOption("--metrics-port", "65535")).toBe(65_535);
    expect(portOption("--metrics-port", undefined)).toBeUndefined();
    for (const bad of ["70000", "-1", "80.5", "http", ""])
      expect(usage(() => portOption("--metrics-port", bad)).message).toMatch(
        /^--metrics-port must be an integer >= 0 and <= 65535, got/,
      );
  });
});

describe("durationOption", () => {
  it("takes 1ms … 24d and refuses zero (a spinning cycle) and longer (a timer that fires at once)", () => {
    expect(durationOption("--cycle", "30s")).toBe(30_000);
    expect(durationOption("--duration", "24d")).toBe(24 * 86_400_000);
    for (const bad of ["0s", "0", "0ms", "25d", "30d", "1e3s", "-1s", "soon"])
      expect(usage(() => durationOption("--cycle", bad)).details.field).toBe("--cycle");
    expect(usage(() => durationOption("--timeout", "0s")).message).toMatch(/at least 1ms and at most 24d/);
  });
});
