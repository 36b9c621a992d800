import { describe, expect, it } from "vitest";
import type { StrategyDefinition } from "../registry.js";
import { GOLD_EURUSD_BOTS } from "./bots-gold-eurusd.js";

describe("GOLD_EURUSD_BOTS", () => {
  it("fits the registry's StrategyDefinition and builds each bot with its defaults", () => {
    const defs: readonly StrategyDefinition[] = GOLD_EURUSD_BOTS;
    expect(defs.map((d) => d.name)).toEqual(["gold-london-reversal", "gold-ny-reversion", "eurusd-breakout"]);
    for (const d of defs) {
      const s = d.create(d.name.startsWith("gold") ? "XAUUSD" : "EURUSD", "M5", {});
      expect(s.name).toBe(d.name);
      expect(s.subscriptions).toEqual([
        { symbol: d.name.startsWith("gold") ? "XAUUSD" : "EURUSD", timeframe: "M5" },
      ]);
      for (const spec of Object.values(d.params)) expect(spec.description).not.toBe("");
    }
  });

  it("rejects an unknown parameter naming the bot", () => {
    expect(() => GOLD_EURUSD_BOTS[0]!.create("XAUUSD", "M1", { nope: "1" })).toThrow(/gold-london-reversal/);
  });
});
