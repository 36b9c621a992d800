import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { captureIo } from "../cli/io.js";
import { runCli } from "../cli/main.js";
import { dataFile } from "../data/data-dir.js";
import { strategyDefinition } from "../strategies/registry.js";
import { runBacktest } from "./backtest.js";
import { loadMarket } from "./load-market.js";

const DATA = dataFile("reference/backtrader_2006-day-001.txt");
const REF = dataFile("reference/backtrader_reference.json");
const present = DATA !== undefined && REF !== undefined;
if (!present)
  console.warn("skipping the backtrader reference: ../shared/data/reference is absent (set HYDRA_DATA_DIR)");

interface Reference {
  strategy_case: {
    expected_fills: { buy_exec: string[]; sell_exec: string[] };
    variants: Array<{ name: string; final_value: string; final_cash: string }>;
  };
}

describe.skipIf(!present)("sma-cross reproduces backtrader's published result", () => {
  const ref = present ? (JSON.parse(readFileSync(REF!, "utf8")) as Reference).strategy_case : undefined;

  function run(overrides: Record<string, number>) {
    const market = loadMarket({ data: DATA!, overrides });
    const def = strategyDefinition("sma-cross");
    return runBacktest({
      series: market.series,
      spec: market.spec,
      strategy: (symbol, tf) => def.create(symbol, tf, { period: "15" }),
      cash: 10_000,
    });
  }

  it("makes all 23 fills at backtrader's prices, at the next bar's open", () => {
    const r = run({});
    expect(r.fills).toHaveLength(23);
    const buys = r.fills.filter((f) => f.side === "buy").map((f) => f.price.toFixed(2));
    const sells = r.fills.filter((f) => f.side === "sell").map((f) => f.price.toFixed(2));
    expect(buys).toEqual(ref!.expected_fills.buy_exec);
    expect(sells).toEqual(ref!.expected_fills.sell_exec);
    // fills alternate buy/sell and the last buy stays open
    expect(r.fills.map((f) => f.side).join("")).toBe("buysell".repeat(11).concat("buy"));
    expect(r.openPositions).toHaveLength(1);
  });

  it("ends with equity 10284.10 with contract size 1 and no commission", () => {
    const r = run({ contractSize: 1 });
    expect(r.finalEquity.toFixed(2)).toBe(ref!.variants[0]!.final_value);
    // backtrader's cash for a stock-like account is the balance minus the cost of the open position
    expect((r.finalBalance - r.openPositions[0]!.openPrice).toFixed(2)).toBe(ref!.variants[0]!.final_cash);
  });

  it("ends with equity 12795.00 and free margin 11795.00 with contract size 10, commission 2 per lot per fill, margin 1000 per lot", () => {
    const r = run({ contractSize: 10, commissionPerLot: 2, marginPerLot: 1000 });
    expect(r.finalEquity.toFixed(2)).toBe(ref!.variants[1]!.final_value);
    expect(r.freeMargin.toFixed(2)).toBe(ref!.variants[1]!.final_cash);
    expect(r.fills.every((f) => f.commission === 2)).toBe(true);
  });

  it("gives the same through the CLI with --json", async () => {
    const io = captureIo();
    const code = await runCli(
      [
        "backtest",
        "--data",
        DATA!,
        "--strategy",
        "sma-cross",
        "--param",
        "period=15",
        "--contract-size",
        "10",
        "--commission-per-lot",
        "2",
        "--margin-per-lot",
        "1000",
        "--json",
      ],
      io,
    );
    expect(io.stderr).toBe("");
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout);
    expect(out.finalEquity).toBe(12795);
    expect(out.freeMargin).toBe(11795);
    expect(out.fills).toHaveLength(23);
    // signal on the close of 2006-01-26 (3641.42), filled at the next open
    expect(out.fills[0]).toEqual(
      expect.objectContaining({ side: "buy", time: "2006-01-27T00:00:00.000Z", price: 3643.35, volume: 1 }),
    );
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining([
        "fills",
        "trades",
        "finalBalance",
        "finalEquity",
        "freeMargin",
        "openPositions",
        "stats",
      ]),
    );
    expect(Object.keys(out.stats)).toEqual(
      expect.arrayContaining(["trades", "winRatePct", "profitFactor", "maxDrawdown", "sharpe"]),
    );
  });
});
