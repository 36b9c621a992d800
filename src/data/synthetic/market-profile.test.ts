import { describe, expect, it } from "vitest";
import { HydraError } from "../../core/errors.js";
import {
  DEFAULT_INSTRUMENTS,
  genericInstrument,
  resolveInstrument,
} from "../../model/default-instruments.js";
import { DEFAULT_MARKET_PROFILES, marketProfile } from "./market-profile.js";

describe("marketProfile", () => {
  it("has a default profile for every default instrument, spread taken from the spec", () => {
    for (const [symbol, spec] of Object.entries(DEFAULT_INSTRUMENTS)) {
      expect(DEFAULT_MARKET_PROFILES[symbol]).toBeDefined();
      const p = marketProfile(spec);
      expect(p.symbol).toBe(symbol);
      expect(p.spread).toBe(spec.spread);
    }
    expect(marketProfile(resolveInstrument("XAUUSD")).startPrice).toBe(2000);
    expect(marketProfile(resolveInstrument("EURUSD")).startPrice).toBe(1.08);
    expect(marketProfile(resolveInstrument("BTC-USD")).pattern).toBe("crypto");
  });

  it("gives indices and metals gaps, crypto none", () => {
    expect(marketProfile(resolveInstrument("US30")).reopenGap).toBeGreaterThan(0);
    expect(marketProfile(resolveInstrument("XAUUSD")).weekendGap).toBeGreaterThan(0);
    expect(marketProfile(resolveInstrument("SOL-USD")).weekendGap).toBe(0);
  });

  it("derives a generic profile for an unknown symbol from its spec", () => {
    const p = marketProfile(genericInstrument("FOO", 3));
    expect(p.startPrice).toBe(100);
    expect(p.spread).toBeCloseTo(0.002, 12); // spec spread 0: two ticks
    expect(p.pattern).toBe("crypto"); // the generic spec is always open
    const idx = marketProfile({ ...resolveInstrument("US30"), symbol: "GER40", spread: 1.5 });
    expect(idx.reopenGap).toBeGreaterThan(0);
    expect(idx.spread).toBe(1.5);
    expect(idx.pattern).toBe("session");
  });

  it("applies overrides and rejects invalid values", () => {
    const spec = resolveInstrument("XAUUSD");
    expect(marketProfile(spec, { annualVol: 0.3 }).annualVol).toBe(0.3);
    expect(() => marketProfile(spec, { activeTickIntervalMs: 0 })).toThrow(HydraError);
    expect(() => marketProfile(spec, { annualVol: -1 })).toThrow(/annualVol/);
  });
});
