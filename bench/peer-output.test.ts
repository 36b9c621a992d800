import { describe, expect, it } from "vitest";
import { backtraderCounts, hydraCounts } from "./peer-output.js";

describe("reading the SMA-cross peers' outputs", () => {
  it("takes the fills and closed trades from hydra backtest's summary", () => {
    const summary = [
      "HYDRA backtest: sma-cross on EURUSD",
      "",
      "Fills         27877    closed trades 13938    open positions 1",
      "Balance       10,000.00 → 10,000.04 USD",
    ].join("\n");
    expect(hydraCounts(summary)).toEqual({ fills: 27877, closedTrades: 13938 });
    expect(() => hydraCounts("HYDRA backtest: nothing")).toThrow(/Fills/);
  });

  it("takes them from the backtrader script's last JSON line", () => {
    const out = 'some warning\n{"bars": 186354, "fills": 27877, "closedTrades": 13938, "openSize": 1}\n';
    expect(backtraderCounts(out)).toEqual({ fills: 27877, closedTrades: 13938 });
    expect(() => backtraderCounts("Traceback …")).toThrow(/not JSON/);
    expect(() => backtraderCounts('{"fills": 3}')).toThrow(/closedTrades/);
  });
});
