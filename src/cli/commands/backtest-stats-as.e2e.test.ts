/**
 * `hydra backtest --stats-as <peer>` as a user runs it: the built command, real reference data, the
 * statistics under the peer's labels, and a clear exit 2 for a convention HYDRA does not know.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { dataFile } from "../../data/data-dir.js";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

const BT = dataFile("reference/backtrader_2006-day-001.txt");
const GOOG = dataFile("reference/backtestingpy_GOOG_1d_20040819-20130301.csv");
const BTPY_REF = dataFile("reference/backtestingpy_reference.json");
const present = BT !== undefined && GOOG !== undefined && BTPY_REF !== undefined;
if (!BUILT)
  console.warn("skipping the --stats-as end-to-end tests: dist/ is not built (make test builds it)");
if (!present) console.warn("skipping the --stats-as end-to-end tests: ../shared/data/reference is absent");

let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});

async function hydra(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = spawnHydra(["backtest", ...args]);
  procs.push(p);
  const code = await p.exited();
  return { code, out: p.stdout(), err: p.output().slice(p.stdout().length) };
}

type Stat = { name: string; value: number | string | null };
const table = (out: string): Map<string, Stat["value"]> => {
  const r = JSON.parse(out) as { statsAs: { stats: Stat[] } };
  return new Map(r.statsAs.stats.map((s) => [s.name, s.value]));
};

describe.skipIf(!BUILT || !present)("hydra backtest --stats-as", () => {
  it("backtrader: the sma-cross case ends at backtrader's final value, 10284.10, with 11 closed trades", async () => {
    const r = await hydra([
      ...["--data", BT!, "--strategy", "sma-cross", "--param", "period=15", "--contract-size", "1"],
      ...["--stats-as", "backtrader", "--json"],
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const stats = table(r.out);
    expect((stats.get("Final Value") as number).toFixed(2)).toBe("10284.10");
    expect(stats.get("Trades Closed")).toBe(11);
  });

  it("backtesting.py: every statistic backtesting.py lists, consistent with the run's own trades and equity", async () => {
    const r = await hydra([
      ...["--data", GOOG!, "--symbol", "GOOG", "--strategy", "sma-cross", "--param", "period=30"],
      ...["--contract-size", "1", "--close-at-end", "--stats-as", "backtesting.py", "--json"],
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out) as { trades: unknown[]; finalEquity: number; initialBalance: number };
    const stats = table(r.out);
    const ref = JSON.parse(readFileSync(BTPY_REF!, "utf8")) as {
      cases: Array<{ id: string; expected: Record<string, unknown> }>;
    };
    const labels = Object.keys(ref.cases.find((c) => c.id === "sma_cross_10_30_goog")!.expected);
    expect(labels.length).toBeGreaterThanOrEqual(30);
    for (const label of labels) expect(stats.has(label), label).toBe(true);
    expect(run.trades.length).toBeGreaterThan(0);
    expect(stats.get("# Trades")).toBe(run.trades.length);
    expect((stats.get("Equity Final [$]") as number).toFixed(2)).toBe(run.finalEquity.toFixed(2));
    const ret = ((run.finalEquity - run.initialBalance) / run.initialBalance) * 100;
    expect(stats.get("Return [%]") as number).toBeCloseTo(ret, 6);
    expect(stats.get("Sharpe Ratio")).toEqual(expect.any(Number));
  });

  it("lean: LEAN's equity statistics of the run, End Equity its final equity", async () => {
    const r = await hydra([
      ...["--data", BT!, "--strategy", "sma-cross", "--param", "period=15", "--contract-size", "1"],
      ...["--commission-per-lot", "2", "--stats-as", "lean", "--json"],
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out) as { fills: unknown[]; finalEquity: number; commissionPaid: number };
    const stats = table(r.out);
    expect(run.fills.length).toBeGreaterThan(0);
    expect(stats.get("Total Orders")).toBe(run.fills.length);
    expect(stats.get("Total Fees")).toBe(run.commissionPaid);
    expect((stats.get("End Equity") as number).toFixed(2)).toBe(run.finalEquity.toFixed(2));
    expect(stats.get("Drawdown [%]") as number).toBeGreaterThan(0);
  });

  it("--risk-free moves LEAN's Sharpe ratio by the rate over the annual standard deviation", async () => {
    const base = ["--data", BT!, "--strategy", "sma-cross", "--param", "period=15", "--contract-size", "1"];
    const r0 = table((await hydra([...base, "--stats-as", "lean", "--json"])).out);
    const r1 = await hydra([...base, "--stats-as", "lean", "--risk-free", "0.02", "--json"]);
    expect(r1.code).toBe(0);
    const s1 = table(r1.out);
    const sd = s1.get("Annual Standard Deviation") as number;
    expect(sd).toBeGreaterThan(0);
    expect(s1.get("Sharpe Ratio") as number).toBeCloseTo((r0.get("Sharpe Ratio") as number) - 0.02 / sd, 9);
    const alone = await hydra([...base, "--risk-free", "0.02"]);
    expect(alone.code).toBe(2);
    expect(alone.err).toContain("--risk-free applies to the statistics of --stats-as");
  });

  it("prints the table under the peer's labels without --json", async () => {
    const r = await hydra([
      "--data",
      BT!,
      "--strategy",
      "sma-cross",
      "--param",
      "period=15",
      "--stats-as",
      "backtesting.py",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Statistics as backtesting.py defines them");
    expect(r.out).toMatch(/^ {2}Kelly Criterion +-?\d/m);
  });

  it("exits 2 for --stats-as with --engines or with tick data, naming the flag", async () => {
    const engines = await hydra(["--days", "1", "--engines", "offline", "--stats-as", "lean"]);
    expect(engines.code).toBe(2);
    expect(engines.err).toContain("--stats-as applies to a strategy backtest, not to --engines");
    const ticks = await hydra(["--days", "1", "--stats-as", "lean"]);
    expect(ticks.code).toBe(2);
    expect(ticks.err).toContain("--stats-as needs bar data");
  });

  it("exits 2 and names the flag for an unknown convention", async () => {
    const r = await hydra(["--data", BT!, "--stats-as", "zipline"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--stats-as must be one of backtrader, backtesting.py");
    expect(r.err).toContain('got "zipline"');
    expect(r.out).toBe("");
  });
});
