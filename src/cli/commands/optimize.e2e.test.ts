/**
 * `hydra optimize` as a user runs it: real reference data (daily GOOG bars), a real SQLite database; the run
 * is interrupted (SIGINT, then SIGKILL) midway and resumed, and must end where an uninterrupted run ends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { dataFile } from "../../data/data-dir.js";
import { PgSyncClient } from "../../persistence/postgres/pg-sync-client.js";
import { PG_SKIP_REASON, testCluster } from "../../persistence/test-support/pg-test-cluster.js";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

const GOOG = dataFile("reference/backtestingpy_GOOG_1d_20040819-20130301.csv");
if (!BUILT) console.warn("skipping the optimize end-to-end tests: dist/ is not built (make test builds it)");
if (GOOG === undefined)
  console.warn("skipping the optimize end-to-end tests: ../shared/data/reference is absent");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-optimize-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});

// 3 trials × (full span + 2 windows × in and out of sample) = 15 backtests, one worker: slow enough to interrupt
const ARGS = [
  ...["optimize", "--data", GOOG ?? "", "--symbol", "GOOG", "--contract-size", "1", "--day-tz", "UTC"],
  ...["--range", "period=10:30:10", "--windows", "2", "--cscv-blocks", "4", "--min-trades", "3"],
];
const TOTAL = 15;

function spawn(args: string[]): HydraProcess {
  const p = spawnHydra(args);
  procs.push(p);
  return p;
}

/** Finished backtests saved so far (0 before the table exists). */
function savedUnits(db: string): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare("SELECT COUNT(*) AS n FROM optimize_units").get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
}

async function untilSaved(db: string, n: number, p: HydraProcess): Promise<number> {
  for (;;) {
    const saved = savedUnits(db);
    if (saved >= n) return saved;
    const done = await Promise.race([
      p.exited().then(() => true),
      new Promise((r) => setTimeout(() => r(false), 50)),
    ]);
    if (done) throw new Error(`hydra optimize exited before ${n} backtests were saved:\n${p.output()}`);
  }
}

interface Result {
  runId: string;
  backtests: { total: number; reused: number };
  trials: unknown[];
  windows: Array<{ params: unknown; outOfSampleObjective: number | null }>;
  stitchedEquity: Array<{ day: string; equity: number }>;
  deflatedSharpe: { dsr: number; trials: number; observations: number } | null;
  pbo: { pbo: number; splits: number } | null;
  heatMap: { cells: unknown[][] } | null;
  verdict: { level: string; reasons: string[] };
}

describe.skipIf(!BUILT || GOOG === undefined)("hydra optimize", () => {
  it("resumes after SIGINT and SIGKILL and ends where an uninterrupted run ends", async () => {
    const dbA = path.join(dir, "interrupted.db");
    const first = spawn([...ARGS, "--workers", "1", "--json", "--db", dbA]);
    const before = await untilSaved(dbA, 3, first);
    expect(await first.stop("SIGINT")).toBe(130);
    const runId = first
      .output()
      .match(/optimize run ([0-9a-f]{12}) interrupted: (\d+) of 15 backtests saved/);
    expect(runId, first.output()).not.toBeNull();
    expect(Number(runId![2])).toBeGreaterThanOrEqual(before);
    expect(Number(runId![2])).toBeLessThan(TOTAL);
    expect(first.stdout()).toBe("");

    const second = spawn([...ARGS, "--workers", "1", "--json", "--db", dbA]);
    await second.waitFor(/resumed/);
    const saved = await untilSaved(dbA, Number(runId![2]) + 2, second);
    expect(await second.stop("SIGKILL")).not.toBe(0);

    const third = spawn([...ARGS, "--workers", "2", "--json", "--db", dbA, "--resume", runId![1]!]);
    expect(await third.exited(), third.output()).toBe(0);
    const resumed = JSON.parse(third.stdout()) as Result;
    expect(resumed.runId).toBe(runId![1]);
    expect(resumed.backtests.total).toBe(TOTAL);
    expect(resumed.backtests.reused).toBeGreaterThanOrEqual(saved);
    expect(resumed.backtests.reused).toBeLessThan(TOTAL);

    const dbB = path.join(dir, "straight.db");
    const straight = spawn([...ARGS, "--json", "--db", dbB]);
    expect(await straight.exited(), straight.output()).toBe(0);
    const whole = JSON.parse(straight.stdout()) as Result;
    expect(whole.backtests.reused).toBe(0);
    expect({ ...resumed, backtests: null }).toEqual({ ...whole, backtests: null });

    // the guards are there, computed on the 3 trials
    expect(whole.trials).toHaveLength(3);
    expect(whole.windows).toHaveLength(2);
    expect(whole.stitchedEquity.length).toBeGreaterThan(100);
    expect(whole.deflatedSharpe?.trials).toBe(3);
    expect(whole.deflatedSharpe?.observations).toBeGreaterThan(2000);
    expect(whole.deflatedSharpe!.dsr).toBeGreaterThanOrEqual(0);
    expect(whole.deflatedSharpe!.dsr).toBeLessThanOrEqual(1);
    expect(whole.pbo?.splits).toBe(6);
    expect(whole.heatMap?.cells[0]).toHaveLength(3);
    expect(["likely-overfit", "inconclusive", "no-sign-of-overfit"]).toContain(whole.verdict.level);
    expect(whole.verdict.reasons.length).toBeGreaterThan(0);

    // the report, from the saved results: another objective and minimum only change the analysis
    const text = spawn([...ARGS, "--db", dbB, "--objective", "return", "--min-trades", "1"]);
    expect(await text.exited(), text.output()).toBe(0);
    expect(text.stdout()).toMatch(/15 backtests, 15 resumed from the database/);
    expect(text.stdout()).toMatch(/^verdict: (LIKELY OVERFIT|INCONCLUSIVE|no sign of overfitting): \S/m);
    expect(text.stdout()).toMatch(/^deflated Sharpe: \d\.\d{3} /m);
    expect(text.stdout()).toMatch(
      /^probability of backtest overfitting \(CSCV, 4 blocks, 6 splits\): \d\.\d\d/m,
    );
  });

  it("bad input: a clear error naming the flag, exit code 2", async () => {
    const p = spawn(["optimize", "--range", "period=30:10:5"]);
    expect(await p.exited()).toBe(2);
    expect(p.output()).toMatch(/--range needs lo ≤ hi/);
    expect(p.output()).not.toMatch(/\n\s+at /);
    const q = spawn(["optimize", "--range", "nosuch=1,2"]);
    expect(await q.exited()).toBe(2);
    expect(q.output()).toMatch(/no parameter "nosuch"/);
    const z = spawn(["optimize", "--range", "period=0,5"]);
    expect(await z.exited()).toBe(2);
    expect(z.output()).toMatch(/parameter "period" must be an integer >= 1, got "0"/);
    const db = path.join(dir, "bad-input.db");
    const r = spawn([...ARGS, "--db", db, "--resume", "0123456789ab"]);
    expect(await r.exited()).toBe(2);
    expect(r.output()).toMatch(/--resume 0123456789ab: no such optimisation run/);
  });
});

describe.skipIf(!BUILT || GOOG === undefined || PG_SKIP_REASON !== undefined)(
  "hydra optimize on PostgreSQL (HYDRA_DB_URL)",
  () => {
    it("keeps its results there: interrupted by Ctrl-C, the same command resumes from them and ends where a SQLite run ends", async () => {
      const url = testCluster().newDatabase();
      const env = { HYDRA_DB_URL: url, HYDRA_NODE_ID: "optimizer-1" };
      const pg = new PgSyncClient(url);
      const saved = (): number => {
        try {
          return pg.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM optimize_units").rows[0]!.n;
        } catch {
          return 0; // before the first migration
        }
      };
      try {
        const first = spawnHydra([...ARGS, "--workers", "1", "--json"], { env });
        procs.push(first);
        await first.waitFor(/results in postgresql:\/\/hydra@localhost\//);
        while (saved() < 3) {
          if (first.proc.exitCode !== null) throw new Error(`exited before 3 backtests:\n${first.output()}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(await first.stop("SIGINT")).toBe(130);
        const interrupted = /optimize run ([0-9a-f]{12}) interrupted: (\d+) of 15 backtests saved/.exec(
          first.output(),
        );
        expect(interrupted, first.output()).not.toBeNull();
        const kept = Number(interrupted![2]);
        expect(kept).toBeLessThan(TOTAL);
        expect(saved()).toBe(kept);
        // nothing went to a SQLite file: the default one is not where the results are
        expect(first.output()).not.toMatch(/results in data\//);

        // another host (another node id) runs the same command: it resumes the run from PostgreSQL
        const second = spawnHydra([...ARGS, "--workers", "2", "--json"], {
          env: { ...env, HYDRA_NODE_ID: "optimizer-2" },
        });
        procs.push(second);
        expect(await second.exited(), second.output()).toBe(0);
        expect(second.output()).toMatch(
          new RegExp(`optimize run ${interrupted![1]}: 15 backtests, ${kept} saved before \\(resumed\\)`),
        );
        const resumed = JSON.parse(second.stdout()) as Result;
        expect(resumed.backtests).toEqual({ total: TOTAL, reused: kept });
        expect(
          pg.query("SELECT node_id, COUNT(*)::int AS n FROM optimize_units GROUP BY node_id ORDER BY node_id")
            .rows,
        ).toEqual([
          { node_id: "optimizer-1", n: kept },
          { node_id: "optimizer-2", n: TOTAL - kept },
        ]);

        // the same analysis as a run that kept its results in a SQLite file
        const straight = spawn([...ARGS, "--json", "--db", path.join(dir, "pg-compare.db")]);
        expect(await straight.exited(), straight.output()).toBe(0);
        const whole = JSON.parse(straight.stdout()) as Result;
        expect({ ...resumed, backtests: null }).toEqual({ ...whole, backtests: null });
      } finally {
        pg.close();
      }
    });
  },
);
