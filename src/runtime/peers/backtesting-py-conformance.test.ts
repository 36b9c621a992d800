/**
 * Conformance with backtesting.py (kernc/backtesting.py, the numbers its own test suite asserts):
 * HYDRA's SMA and CrossOver drive backtesting.py's fill rules (AllInBroker), and HYDRA's statistics
 * module computes every statistic as backtesting.py defines it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dataFile } from "../../data/data-dir.js";
import { statsAs } from "../../portfolio/stats-conventions.js";
import { loadMarket } from "../load-market.js";
import { runSmaPairCross } from "./sma-pair-cross.js";
import { expectStatsMatch } from "./test-support/conformance.js";

const DATA = dataFile("reference/backtestingpy_GOOG_1d_20040819-20130301.csv");
const REF = dataFile("reference/backtestingpy_reference.json");
const present = DATA !== undefined && REF !== undefined;
if (!present)
  console.warn(
    "skipping the backtesting.py conformance case: ../shared/data/reference is absent (set HYDRA_DATA_DIR)",
  );

interface Case {
  id: string;
  params: { fast: number; slow: number; cash: number; finalize_trades: boolean };
  expected: Record<string, number | string>;
}

describe.skipIf(!present)("backtesting.py conformance: sma_cross_10_30_goog", () => {
  const ref = present ? (JSON.parse(readFileSync(REF!, "utf8")) as { cases: Case[] }) : undefined;
  const c = ref?.cases.find((x) => x.id === "sma_cross_10_30_goog");

  function run() {
    const { series } = loadMarket({ data: DATA!, symbol: "GOOG" });
    if (series.kind !== "bars") throw new Error("GOOG should read as daily bars");
    const bars = {
      time: Array.from(series.time),
      open: Array.from(series.open),
      close: Array.from(series.close),
    };
    expect(bars.time).toHaveLength(2148);
    return runSmaPairCross(bars, {
      fast: c!.params.fast,
      slow: c!.params.slow,
      cash: c!.params.cash,
      finalizeTrades: c!.params.finalize_trades,
      crossRule: "previous-bar",
    });
  }

  it("makes 66 trades, long and short, all closed, and ends at 51,422.99", () => {
    expect(c, "the case is in the reference file").toBeDefined();
    const { input, broker } = run();
    expect(input.trades.length).toBeGreaterThan(0);
    expect(input.trades).toHaveLength(c!.expected["# Trades"] as number);
    expect(input.trades.some((t) => t.size < 0)).toBe(true);
    expect(input.trades.some((t) => t.size > 0)).toBe(true);
    expect(broker.position).toBe(0);
    expect(input.equity.at(-1)!.toFixed(2)).toBe("51422.99");
    expect(broker.cash.toFixed(2)).toBe("51422.99");
  });

  it("reproduces every listed statistic to 1e-8 relative, durations to the day", () => {
    const stats = statsAs("backtesting.py", run().input);
    const compared = expectStatsMatch(stats, c!.expected, 1e-8);
    // the margin under the 1e-8: the same arithmetic as backtesting.py, to rounding
    expectStatsMatch(stats, c!.expected, 1e-12);
    expect(compared).toBe(Object.keys(c!.expected).length);
    expect(compared).toBeGreaterThanOrEqual(30);
  });

  it("can fail: one trade less changes the statistics beyond the tolerance", () => {
    const { input } = run();
    const stats = statsAs("backtesting.py", { ...input, trades: input.trades.slice(1) });
    expect(() => expectStatsMatch(stats, c!.expected, 1e-8)).toThrow();
  });
});
