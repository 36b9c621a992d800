import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the currency end-to-end tests: dist/ is not built (make test builds it)");

let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});

/** `err` is everything printed (stdout and stderr interleaved as they came): messages are looked for in it */
async function hydra(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = spawnHydra(args, { env: { KILL_SWITCH: "false" } });
  procs.push(p);
  const code = await p.exited();
  return { code, out: p.stdout(), err: p.output() };
}

const dir = mkdtempSync(path.join(tmpdir(), "hydra-currencies-e2e-"));
/** One tick a minute: sma-cross (period 2) buys at the 4th tick's ask and closes at the 5th tick's bid. */
function ticks(name: string, rows: Array<[string, number, number]>): string {
  const file = path.join(dir, name);
  writeFileSync(file, `time,bid,ask\n${rows.map(([t, b, a]) => `2024-01-10T${t}Z,${b},${a}`).join("\n")}\n`);
  return file;
}
const usdjpy = ticks("usdjpy.csv", [
  ["10:00:00", 150.2, 150.21],
  ["10:01:00", 150.1, 150.11], // below its SMA
  ["10:02:00", 150.15, 150.16], // crosses up: buy at the next tick
  ["10:03:00", 149.99, 150.0], // bought at the ask 150.000; this close crosses down: close at the next tick
  ["10:04:00", 150.5, 150.51], // sold at the bid 150.500
]);
const ger40 = ticks("ger40.csv", [
  ["10:00:00", 18_100, 18_101],
  ["10:01:00", 18_050, 18_051],
  ["10:02:00", 18_080, 18_081],
  ["10:03:00", 17_999, 18_000], // bought at 18,000.00
  ["10:04:00", 18_100, 18_101], // sold at 18,100.00: +100 points
]);
const crash = ticks("usdjpy-crash.csv", [
  ["10:00:00", 150.2, 150.21],
  ["10:01:00", 150.1, 150.11],
  ["10:02:00", 150.15, 150.16],
  ["10:03:00", 150.19, 150.2], // bought at 150.200, still above its SMA: no close
  ["10:03:30", 147.9, 147.91], // inside the minute: the broker's stop-out
]);
const backtest = (file: string, symbol: string, more: string[] = []) =>
  hydra([
    "backtest",
    "--data",
    file,
    "--symbol",
    symbol,
    "--strategy",
    "sma-cross",
    "--param",
    "period=2",
    ...more,
  ]);

interface Result {
  accountCurrency: string;
  warnings: string[];
  fills: Array<{ price: number; commission: number }>;
  trades: Array<{ grossPnl: number; commission: number; netPnl: number; exitReason: string }>;
  finalBalance: number;
  openPositions: unknown[];
  marginCalls: Array<{ kind: string; time: string; marginLevelPct: number | null }>;
  stopOuts: Array<{
    symbol: string;
    price: number;
    loss: number;
    equity: number;
    margin: number;
    marginLevelPct: number;
  }>;
}

describe.skipIf(!BUILT)("hydra backtest and hydra size in the account currency", () => {
  it("USDJPY in a USD account: 1 lot 150.000 → 150.500 is 50,000 JPY ÷ 150.500 = 332.23 USD; JPY commission converted", async () => {
    const r = await backtest(usdjpy, "USDJPY", ["--commission-per-lot", "700", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Result;
    expect(out.accountCurrency).toBe("USD");
    expect(out.warnings).toEqual([]);
    expect(out.fills.map((f) => [f.price, f.commission])).toEqual([
      [150, 4.67], // 700 JPY ÷ 149.990
      [150.5, 4.65], // 700 JPY ÷ 150.500
    ]);
    expect(out.trades).toMatchObject([{ grossPnl: 332.23, commission: 9.32, netPnl: 322.91 }]);
    expect(out.finalBalance).toBe(10_322.91);
  });

  it("GER40 in a USD account with no EURUSD in the data: --fx-rate EUR=1.085 gives 100 points = 108.50 USD, with a warning", async () => {
    const r = await backtest(ger40, "GER40", ["--fx-rate", "EUR=1.085", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Result;
    expect(out.trades).toMatchObject([{ grossPnl: 108.5 }]);
    expect(out.warnings).toEqual([
      "no EURUSD or USDEUR in the run: EUR is converted at the static rate 1.085 USD per EUR (--fx-rate)",
    ]);
    // without a rate: an error that names the option, exit code 2 (never a silent 1)
    const bad = await backtest(ger40, "GER40");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("cannot convert EUR (GER40) into the account currency USD");
    expect(bad.err).toContain("--fx-rate EUR=<USD per EUR>");
  });

  it("an EUR account: USDJPY needs JPY and USD in EUR; with static rates the trade is 50,000 JPY × 0.0062 = 310.00 EUR", async () => {
    const r = await backtest(usdjpy, "USDJPY", [
      "--account-currency",
      "EUR",
      "--fx-rate",
      "JPY=0.0062",
      "--fx-rate",
      "USD=0.92",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Result;
    expect(out.accountCurrency).toBe("EUR");
    expect(out.warnings).toHaveLength(2);
    expect(out.trades).toMatchObject([{ grossPnl: 310 }]);
  });

  it("the broker's stop-out in a backtest: 1 lot USDJPY on 2,000 USD falls to 147.900, margin level 44.49 % < 50 %", async () => {
    const r = await backtest(crash, "USDJPY", ["--cash", "2000", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Result;
    // −2.300 × 100,000 = −230,000 JPY ÷ 147.900 = −1,555.10 USD; equity 444.90 on a margin of 1,000
    expect(out.stopOuts).toMatchObject([
      { symbol: "USDJPY", price: 147.9, loss: -1555.1, equity: 444.9, margin: 1000, marginLevelPct: 44.49 },
    ]);
    expect(out.trades).toMatchObject([{ grossPnl: -1555.1, exitReason: "stop-out" }]);
    // the margin call (100 %) entered at that price, and left with the position closed
    expect(out.marginCalls.map((e) => [e.kind, e.time, e.marginLevelPct])).toEqual([
      ["entered", "2024-01-10T10:03:30.000Z", 44.49],
      ["left", "2024-01-10T10:03:30.000Z", null],
    ]);
    const text = await backtest(crash, "USDJPY", ["--cash", "2000"]);
    expect(text.out).toContain(
      "Stop-out      2024-01-10T10:03:30.000Z USDJPY 1 lots closed @ 147.9 (loss -1,555.10): margin level 44.49% < 50%",
    );
    // --stop-out-pct 0: the broker never closes it
    const never = JSON.parse(
      (await backtest(crash, "USDJPY", ["--cash", "2000", "--stop-out-pct", "0", "--json"])).out,
    ) as Result;
    expect(never.stopOuts).toEqual([]);
    expect(never.openPositions).toHaveLength(1);
  });

  it("an unknown account currency is a usage error naming the flag (exit code 2)", async () => {
    const r = await backtest(usdjpy, "USDJPY", ["--account-currency", "XYZ"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--account-currency must be one of USD, EUR, GBP, CZK, got "XYZ"');
    const engines = await backtest(usdjpy, "USDJPY", ["--account-currency", "EUR", "--engines", "offline"]);
    expect(engines.code).toBe(2);
    expect(engines.err).toContain("--account-currency and --fx-rate do not apply to --engines");
    const s = await hydra([
      "size",
      "--symbol",
      "USDJPY",
      "--balance",
      "1000",
      "--risk-pct",
      "1",
      "--entry",
      "150",
      "--sl",
      "149",
      "--account-currency",
      "JPY",
    ]);
    expect(s.code).toBe(2);
    expect(s.err).toContain("--account-currency must be one of");
  });

  it("hydra size sizes with the converted tick value: USDJPY 0.30 lots, GER40 1.84 lots", async () => {
    // 1 % of 10,000 USD = 100 USD; USDJPY tick value at 150.000: 0.001 × 100,000 JPY ÷ 150 = 0.66667 USD;
    // 500 ticks × 0.66667 = 333.33 USD per lot → 0.3 lots, risking 100.00
    const args = [
      "size",
      "--symbol",
      "USDJPY",
      "--balance",
      "10000",
      "--risk-pct",
      "1",
      "--entry",
      "150",
      "--sl",
      "149.5",
    ];
    const jpy = await hydra([...args, "--json"]);
    expect(jpy.code).toBe(0);
    expect(JSON.parse(jpy.out)).toEqual({ volume: 0.3, riskMoney: 100 });
    const text = await hydra(args);
    expect(text.out).toContain("USDJPY: 0.30 lots, risking 100.00 USD");
    expect(text.out).toContain(
      "500 ticks to the stop × 0.666667 USD per tick per lot (JPY at 0.00666667 USD each) + 0 commission = 333.33 per lot",
    );
    // GER40 at EUR 1.085: 5,000 ticks × 0.01 EUR × 1.085 = 54.25 USD per lot → 1.84 lots, risking 99.82
    const ger = await hydra([
      "size",
      "--symbol",
      "GER40",
      "--balance",
      "10000",
      "--risk-pct",
      "1",
      "--entry",
      "18000",
      "--sl",
      "17950",
      "--fx-rate",
      "EUR=1.085",
    ]);
    expect(ger.code).toBe(0);
    expect(ger.out).toContain("GER40: 1.84 lots, risking 99.82 USD");
    expect(ger.out).toContain(
      "5000 ticks to the stop × 0.01085 USD per tick per lot (EUR at 1.085 USD each)",
    );
    expect(ger.err).toContain("EUR is converted at the static rate 1.085 USD per EUR");
    // an EUR account: EURUSD converts its own USD (÷ 1.1): 200 ticks × 1 USD ÷ 1.1 = 181.82 EUR a lot → 0.55
    const eur = await hydra([
      "size",
      "--symbol",
      "EURUSD",
      "--account-currency",
      "EUR",
      "--balance",
      "10000",
      "--risk-pct",
      "1",
      "--entry",
      "1.1",
      "--sl",
      "1.098",
    ]);
    expect(eur.out).toContain("EURUSD: 0.55 lots, risking 100.00 EUR");
    expect(eur.out).toContain(
      "200 ticks to the stop × 0.909091 EUR per tick per lot (USD at 0.909091 EUR each)",
    );
  });
});
