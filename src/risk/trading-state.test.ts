import { describe, expect, it } from "vitest";
import { type TradingStateChange, TradingStates } from "./trading-state.js";

describe("trading states", () => {
  it("records every change with its reason and time, and ignores a repeat", () => {
    const seen: TradingStateChange[] = [];
    const s = new TradingStates((c) => seen.push(c));
    expect(s.own("engine-a")).toBe("ACTIVE");
    expect(s.set("engine-a", "HALTED", "daily loss 4.5%", 1000)).toBe(true);
    expect(s.set("engine-a", "HALTED", "again", 2000)).toBe(false);
    expect(s.set("engine-a", "ACTIVE", "new day", 3000)).toBe(true);
    expect(s.history).toEqual([
      {
        scope: "engine-a",
        from: "ACTIVE",
        to: "HALTED",
        reason: "daily loss 4.5%",
        time: 1000,
        by: "operator",
      },
      { scope: "engine-a", from: "HALTED", to: "ACTIVE", reason: "new day", time: 3000, by: "operator" },
    ]);
    expect(seen).toEqual(s.history);
  });

  it("applies the stricter of a scope's own state and the global one", () => {
    const s = new TradingStates();
    s.set("engine-a", "REDUCING", "drawdown", 1);
    expect(s.effective("engine-a")).toBe("REDUCING");
    s.set("global", "HALTED", "kill switch", 2);
    expect(s.effective("engine-a")).toBe("HALTED");
    expect(s.effective("engine-b")).toBe("HALTED");
    s.set("global", "ACTIVE", "kill switch off", 3);
    expect(s.effective("engine-b")).toBe("ACTIVE");
    expect(s.effective("engine-a")).toBe("REDUCING");
  });
});
