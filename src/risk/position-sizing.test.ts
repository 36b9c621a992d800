import { describe, expect, it } from "vitest";
import { resolveInstrument } from "../model/default-instruments.js";
import { sizePosition } from "./position-sizing.js";
import { lossPerLot } from "./rules/pre-trade-rule.js";

const spec = (s: string) => resolveInstrument(s);

describe("position sizing from risk", () => {
  it("sizes the prop trader's examples with the default specs and no commission", () => {
    // balance 100,000, 0.5% → $500 at risk
    expect(sizePosition(spec("XAUUSD"), 500, 2000, 1995, 0, 1)).toMatchObject({
      ok: true,
      volume: 1,
      riskMoney: 500,
    });
    expect(sizePosition(spec("EURUSD"), 500, 1.1, 1.098, 0, 1)).toMatchObject({
      ok: true,
      volume: 2.5,
      riskMoney: 500,
    }); // 20 pips
    expect(sizePosition(spec("NAS100"), 500, 18000, 17960, 0, 1)).toMatchObject({
      ok: true,
      volume: 12.5,
      riskMoney: 500,
    }); // 40 points
  });

  it("adds the commission per lot to the loss per lot and floors, never rounds up", () => {
    // 500 / (500 + 7) = 0.986… → 0.98 lots, risking 0.98 × 507 = 496.86
    expect(sizePosition(spec("XAUUSD"), 500, 2000, 1995, 7, 1)).toMatchObject({
      ok: true,
      volume: 0.98,
      riskMoney: 496.86,
    });
    // works for shorts (stop above the entry) the same way
    expect(sizePosition(spec("XAUUSD"), 500, 2000, 2005, 0, 1)).toMatchObject({ ok: true, volume: 1 });
  });

  it("denies a size below the minimum volume instead of rounding it up", () => {
    const r = sizePosition(spec("XAUUSD"), 4, 2000, 1995, 0, 1); // 0.008 lots
    expect(r).toMatchObject({ ok: false, code: "RISK_TOO_SMALL" });
  });

  it("caps at the maximum volume and requires a stop away from the entry", () => {
    expect(sizePosition(spec("XAUUSD"), 10_000_000, 2000, 1999, 0, 1)).toMatchObject({
      ok: true,
      volume: 100,
    });
    expect(sizePosition(spec("XAUUSD"), 500, 2000, 2000, 0, 1)).toMatchObject({
      ok: false,
      code: "STOP_LOSS_REQUIRED",
    });
    expect(sizePosition(spec("XAUUSD"), 500, 2000, Number.NaN, 0, 1)).toMatchObject({
      ok: false,
      code: "STOP_LOSS_REQUIRED",
    });
  });

  it("converts the tick value and the commission into the account currency at the rate it is given", () => {
    // USDJPY in a USD account at 150: 500 ticks × 0.001 × 100,000 JPY = 50,000 JPY ÷ 150 = 333.33 USD a lot
    expect(sizePosition(spec("USDJPY"), 100, 150, 149.5, 0, 1 / 150)).toMatchObject({
      ok: true,
      volume: 0.3,
      riskMoney: 100,
    });
    // the loss to the stop the floor check counts: (50,000 + 2 × 700 JPY commission) ÷ 150 = 342.67 USD
    const jpy = { ...spec("USDJPY"), commissionPerLot: 700 };
    expect(lossPerLot(jpy, 150, 149.5, 1 / 150)).toBeCloseTo(342.6667, 4);
  });
});
