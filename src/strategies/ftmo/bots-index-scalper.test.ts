import { describe, expect, it } from "vitest";
import type { StrategyDefinition } from "../registry.js";
import { INDEX_SCALPER_BOTS } from "./bots-index-scalper.js";

describe("INDEX_SCALPER_BOTS", () => {
  it("matches the registry's StrategyDefinition and builds each bot with its defaults", () => {
    const defs: readonly StrategyDefinition[] = INDEX_SCALPER_BOTS;
    expect(defs.map((d) => d.name)).toEqual(["us30-orb", "nas100-gap", "hf-scalper"]);
    for (const [d, symbol] of defs.map((d, i) => [d, ["US30", "NAS100", "EURUSD"][i]!] as const)) {
      const s = d.create(symbol, "M1", {});
      expect(s.name).toBe(d.name);
      expect(s.subscriptions).toEqual([{ symbol, timeframe: "M1" }]);
      for (const spec of Object.values(d.params)) expect(spec.description).not.toBe("");
    }
  });

  it("parses parameters and names a bad one", () => {
    const orb = INDEX_SCALPER_BOTS[0]!;
    expect(() => orb.create("US30", "M1", { rangeMinutes: "30", entryEnd: "12:00" })).not.toThrow();
    expect(() => orb.create("US30", "M1", { rangeMinutes: "0" })).toThrow(/rangeMinutes/);
    expect(() => orb.create("US30", "M1", { nope: "1" })).toThrow(/no parameter "nope"/);
    expect(() => INDEX_SCALPER_BOTS[1]!.create("NAS100", "M1", { gapUnit: "bps" })).toThrow(/gapUnit/);
    expect(() => INDEX_SCALPER_BOTS[2]!.create("EURUSD", "M1", { hours: "London 8-16" })).toThrow(/hours/);
  });
});
