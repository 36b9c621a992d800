/**
 * Conformance with backtrader (mementum/backtrader, the numbers its test suite asserts) through HYDRA's
 * own backtester: the close_crosses_sma15 case with the statistics computed as backtrader reports them.
 * The fills themselves are checked in ../backtrader-reference.test.ts and every indicator checkpoint in
 * src/indicators/reference.test.ts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dataFile } from "../../data/data-dir.js";
import { strategyDefinition } from "../../strategies/registry.js";
import { runBacktest } from "../backtest.js";
import { loadMarket } from "../load-market.js";

const DATA = dataFile("reference/backtrader_2006-day-001.txt");
const REF = dataFile("reference/backtrader_reference.json");
const present = DATA !== undefined && REF !== undefined;
if (!present)
  console.warn(
    "skipping the backtrader conformance case: ../shared/data/reference is absent (set HYDRA_DATA_DIR)",
  );

interface Reference {
  strategy_case: {
    expected_fills: { buy_exec: string[]; sell_exec: string[] };
    variants: Array<{ name: string; final_value: string; final_cash: string }>;
  };
}

describe.skipIf(!present)("backtrader conformance: close_crosses_sma15, statistics as backtrader", () => {
  const ref = present ? (JSON.parse(readFileSync(REF!, "utf8")) as Reference).strategy_case : undefined;

  function run(period: string) {
    const market = loadMarket({ data: DATA!, overrides: { contractSize: 1 } });
    const def = strategyDefinition("sma-cross");
    const r = runBacktest({
      series: market.series,
      spec: market.spec,
      strategy: (symbol, tf) => def.create(symbol, tf, { period }),
      cash: 10_000,
      statsAs: "backtrader",
    });
    return { r, stats: new Map(r.statsAs!.stats.map((s) => [s.name, s.value])) };
  }

  it("can fail: SMA 14 instead of 15 ends elsewhere", () => {
    const { stats } = run("14");
    expect((stats.get("Final Value") as number).toFixed(2)).not.toBe(ref!.variants[0]!.final_value);
  });

  it("reports backtrader's final value and the closed trades its fills imply", () => {
    const { r, stats } = run("15");
    expect(r.statsAs!.convention).toBe("backtrader");
    expect((stats.get("Final Value") as number).toFixed(2)).toBe(ref!.variants[0]!.final_value);
    // the peer's round trips: each sell closes the buy before it; the last buy stays open
    const { buy_exec: buys, sell_exec: sells } = ref!.expected_fills;
    const pnl = sells.map((s, i) => Number(s) - Number(buys[i]));
    expect(pnl.length).toBeGreaterThan(0);
    expect(stats.get("Trades Closed")).toBe(pnl.length);
    expect(stats.get("Won")).toBe(pnl.filter((p) => p > 0).length);
    expect(stats.get("Lost")).toBe(pnl.filter((p) => p <= 0).length);
    expect((stats.get("Net P&L") as number).toFixed(2)).toBe(pnl.reduce((a, b) => a + b, 0).toFixed(2));
  });
});
