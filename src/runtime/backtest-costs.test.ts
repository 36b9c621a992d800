import { describe, expect, it } from "vitest";
import { formatSummary } from "../cli/format-summary.js";
import { ScriptedStrategy } from "../kernel/test-support/harness.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { runBacktest } from "./backtest.js";

const START = Date.parse("2024-01-09T10:00:00Z"); // a Tuesday
const STEP = 10 * 60_000;

/** XAUUSD ticks every 10 minutes to Thursday noon; a strategy that buys 1 lot on the first and holds. */
function run(swapLong: number) {
  const n = Math.floor((Date.parse("2024-01-11T12:00:00Z") - START) / STEP);
  const time = Float64Array.from({ length: n }, (_, i) => START + i * STEP);
  const bid = new Float64Array(n).fill(2000);
  let bought = false;
  return runBacktest({
    series: { kind: "ticks", symbol: "XAUUSD", length: n, time, bid, ask: bid },
    spec: resolveInstrument("XAUUSD", { commissionPerLot: 3, swapLong }),
    strategy: () =>
      new ScriptedStrategy("holder", [{ symbol: "XAUUSD", timeframe: "tick" }], {
        onTick: (_s, _t, ctx) => {
          if (bought) return;
          bought = true;
          ctx.submit({ kind: "open", symbol: "XAUUSD", side: "buy", orderType: "market", volume: 1 });
        },
      }),
    cash: 10_000,
    closeAtEnd: true,
  });
}

describe("backtest costs", () => {
  it("reports commission on both fills and the swap of Tuesday's (1) and Wednesday's (3) rollovers", () => {
    const r = run(-7.5);
    expect(r.fills.map((f) => f.commission)).toEqual([3, 3]); // the open, then the close at the end
    expect(r.commissionPaid).toBe(6);
    expect(r.swapTotal).toBe(-30);
    expect(r.trades[0]).toMatchObject({ commission: 6, swap: -30, netPnl: -36 });
    expect(r.finalBalance).toBe(9_964);
    expect(formatSummary(r, "test", "ticks")).toContain("Costs         commission 6.00    swap -30.00");
  });

  it("books no swap with the default rate of 0", () => {
    expect(run(0).swapTotal).toBe(0);
  });
});
