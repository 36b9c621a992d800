import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra stats end-to-end tests: dist/ is not built (make test builds it)");

let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});

function hydra(args: string[]): HydraProcess {
  const p = spawnHydra(args, { env: { KILL_SWITCH: "false" } });
  procs.push(p);
  return p;
}

async function stats(args: string[]): Promise<{ out: string; err: string }> {
  const p = hydra(["stats", "leaderboard", ...args]);
  expect(await p.exited()).toBe(0);
  return { out: p.stdout(), err: p.output().slice(p.stdout().length) };
}

interface RunRow {
  engineId: string;
  rank: number | null;
  asked: number | null;
  answered: number | null;
  failed: number | null;
  returnPct: number | null;
  buyHoldPct: number | null;
  vsBuyHold: { days: number; interval: { low: number; high: number } | null } | null;
}

const COLUMNS =
  /^#\s+engine\s+trades\s+win%\s+asked\s+answered\s+failed\s+avg ms\s+\$\/decision\s+LLM \$\s+P&L\s+net P&L\s+return%\s+B&H%\s+vs B&H \(95% CI\)\s+sharpe\s+maxDD%\s+weight$/;

describe.skipIf(!BUILT)("hydra stats leaderboard on a database written by hydra run", () => {
  it("shows the table hydra run printed, its new columns and what it can tell", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-stats-e2e-")), "hydra.db");
    // a cycle every 2 market hours at 100,000×: eleven market days in about ten seconds
    const run = hydra(["run", "--paper", "--speed", "100000", "--cycle", "2h", "--db", db, "--json"]);
    await run.waitFor(/cycle 132:/, 90_000);
    expect(await run.stop("SIGINT")).toBe(0);
    const table = (JSON.parse(run.stdout()) as { table: RunRow[] }).table;
    const engines = table.filter((r) => r.rank !== null);
    expect(engines).toHaveLength(4);

    const text = await stats(["--db", db]);
    const lines = text.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(COLUMNS);
    expect(lines.slice(1, 5).map((l) => l.match(/^\d+\s+(\S+)/)?.[1])).toEqual(
      expect.arrayContaining(["Breakout", "Momentum", "Mean", "Volatility"]),
    );
    expect(lines[5]).toMatch(/^-\s+Buy and hold \(benchmark: BTC-USD, ETH-USD, SOL-USD, equal split\)/);
    // eleven days or more: intervals computed, and the statement says which differences they support
    const statement = lines.at(-1)!;
    expect(statement).toMatch(
      /^(No engine's return is distinguishable from buy-and-hold or from the others \(95 % bootstrap intervals of the mean daily difference all contain 0, \d+ days\)\.|(No engine's return is distinguishable from buy-and-hold\.|Distinguishable from buy-and-hold \(95 % bootstrap interval of the mean daily difference excludes 0, \d+ days\): .*\.) (No two engines are distinguishable from each other\.|Distinguishable from each other: .*\.) Every other interval contains 0; by chance alone about 5 % of such intervals exclude 0 \(\d+ comparisons here\)\.)$/,
    );
    // the same statement hydra run printed under its own table
    expect(run.output()).toContain(`\n${statement}\n`);
    // eleven market days or more behind every interval (the statement names the count only in some wordings)
    for (const e of engines) expect(e.vsBuyHold?.days ?? 0).toBeGreaterThanOrEqual(11);
    const named = /(\d+) days/.exec(statement)?.[1];
    if (named !== undefined) expect(Number(named)).toBeGreaterThanOrEqual(11);
    // fewer than 20 daily returns: each Sharpe cell says how many there are
    expect(text.out).toMatch(/n\/a \(1\d of 20 days\)/);

    // the database's figures are the run's: asks, returns, buy-and-hold and intervals
    const json = await stats(["--db", db, "--json"]);
    const rows = JSON.parse(json.out) as Array<Record<string, number | null>>;
    expect(json.err).toBe(`${statement}\n`);
    expect(
      rows.map((r) => [
        r.engine,
        r.asked,
        r.answered,
        r.failed,
        r.return_pct,
        r.buy_hold_pct,
        r.vs_buy_hold_low_pct,
      ]),
    ).toEqual(
      engines.map((r) => [
        r.engineId,
        r.asked,
        r.answered,
        r.failed,
        r.returnPct,
        r.buyHoldPct,
        r.vsBuyHold!.interval!.low * 100,
      ]),
    );
    for (const r of rows) {
      expect(r.asked).toBeGreaterThan(0);
      expect(r.cost_per_decision_usd).toBe(0); // offline engines: no LLM cost
    }

    // thresholds from the command line: too few days is said, not computed; enough days give a Sharpe
    const strict = await stats(["--db", db, "--sharpe-days", "100", "--bootstrap-days", "100"]);
    expect(strict.out).toMatch(/n\/a \(1\d of 100 days\)/);
    expect(strict.out.trimEnd().split("\n").at(-1)).toMatch(
      /^Too few days to tell any engine from buy-and-hold or from the others: 1\d daily returns, a bootstrap interval needs 100\.$/,
    );
    const loose = await stats(["--db", db, "--sharpe-days", "5"]);
    expect(loose.out).not.toContain("of 5 days");
    expect(loose.out.split("\n")[1]).toMatch(/\s-?\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d%$/);
  });
});
