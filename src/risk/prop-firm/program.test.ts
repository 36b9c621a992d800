import { describe, expect, it } from "vitest";
import { programPhases, propFirmProgram } from "./program.js";

describe("propFirmProgram", () => {
  it("holds FTMO's objectives as data", () => {
    expect(propFirmProgram("ftmo-2step", "challenge")).toMatchObject({
      profitTargetPct: 0.1,
      maxDailyLossPct: 0.05,
      maxLoss: { kind: "static", pct: 0.1 },
      minTradingDays: 4,
      bestDayMaxShare: null,
      dayZone: "Europe/Prague",
    });
    expect(propFirmProgram("ftmo-2step", "verification").profitTargetPct).toBe(0.05);
    expect(propFirmProgram("ftmo-1step")).toMatchObject({
      maxDailyLossPct: 0.03,
      maxLoss: { kind: "trailing-eod", pct: 0.1 },
      bestDayMaxShare: 0.5,
    });
    expect(programPhases("ftmo-1step")).toEqual(["challenge"]);
  });

  it("rejects unknown programs and phases with CONFIG_INVALID", () => {
    expect(() => propFirmProgram("ftmo-3step")).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(() => propFirmProgram("ftmo-1step", "verification")).toThrow(/no phase "verification"/);
  });
});
