import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the hydra challenge simulate end-to-end tests: dist/ is not built");

let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});

async function hydra(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = spawnHydra(args);
  procs.push(p);
  const code = await p.exited();
  return { code, out: p.stdout(), err: p.output().slice(p.stdout().length) };
}

const ISSUE_COMMAND = [
  "challenge",
  "simulate",
  "--program",
  "ftmo-2step",
  "--win-rate",
  "0.55",
  "--payoff",
  "1",
  "--risk-pct",
  "1",
  "--trades-per-day",
  "1",
  "--paths",
  "100000",
  "--seed",
  "7",
  "--json",
];

/** P(a ±1 walk from i, absorbed at 0 and n, ends at n), win probability p. */
const ruin = (p: number, i: number, n: number): number => {
  const r = (1 - p) / p;
  return (1 - r ** i) / (1 - r ** n);
};

const dir = mkdtempSync(path.join(tmpdir(), "hydra-simulate-e2e-"));

describe.skipIf(!BUILT)("hydra challenge simulate (the built CLI, worker threads)", () => {
  it("runs the issue's parametric command: 100,000 paths, both phases, within 3 SE of the exact answer", async () => {
    const started = performance.now();
    const r = await hydra(ISSUE_COMMAND);
    const wallMs = performance.now() - started;
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    console.log(
      `hydra challenge simulate, 100,000 paths (${out.workers} workers): ${(wallMs / 1000).toFixed(2)} s wall, process start included`,
    );
    for (const k of [
      "passProbability",
      "standardError",
      "failDailyProbability",
      "failMaxLossProbability",
      "failNotFinishedProbability",
      "medianDaysToPass",
    ])
      expect(typeof out[k], k).toBe("number");
    expect(out.paths).toBe(100_000);
    expect(
      out.passProbability +
        out.failDailyProbability +
        out.failMaxLossProbability +
        out.failNotFinishedProbability,
    ).toBeCloseTo(1, 12);
    // 1 % a trade, one trade a day: the daily floor (5 %) is out of reach and 10 trades take 10 days (> 4
    // minimum), so the challenge is a walk from 11 to 21 (pass at +10, fail below −10), the verification
    // from 11 to 16 (pass at +5), and the two are independent
    const exact = ruin(0.55, 11, 21) * ruin(0.55, 11, 16);
    console.log(
      `2-step exact ${exact.toFixed(5)}, simulated ${out.passProbability} ± ${out.standardError.toFixed(5)}`,
    );
    expect(Math.abs(out.passProbability - exact)).toBeLessThanOrEqual(3 * out.standardError);
    expect(Math.abs(out.phasePass[0].probability - ruin(0.55, 11, 21))).toBeLessThanOrEqual(
      3 * out.phasePass[0].standardError,
    );
    expect(out.failDailyProbability).toBe(0);
  });

  it("is reproducible for a seed and a number of workers", async () => {
    const args = [
      ...ISSUE_COMMAND.slice(0, -5),
      "--paths",
      "20000",
      "--seed",
      "11",
      "--workers",
      "2",
      "--json",
    ];
    const a = await hydra(args);
    const b = await hydra(args);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
    expect(JSON.parse(a.out).workers).toBe(2);
    const other = await hydra([...args.slice(0, -4), "--seed", "12", "--workers", "2", "--json"]);
    expect(other.out).not.toBe(a.out);
  });

  it("prints each probability with its standard error, the cost at a fee and the risk scan's peak", async () => {
    const r = await hydra([
      ...ISSUE_COMMAND.slice(0, -5),
      "--paths",
      "5000",
      "--max-days",
      "60",
      "--fee",
      "540",
      "--scan-risk",
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^pass\s+\d+\.\d\d % ± \d+\.\d\d %$/m);
    expect(r.out).toMatch(/^not finished\s+\d+\.\d\d % ± \d+\.\d\d %$/m);
    expect(r.out).toMatch(
      /expected cost to get funded at a fee of 540: \d+\.\d\d ± \d+\.\d\d \(fee \/ pass probability\)/,
    );
    expect(r.out.match(/<- peak/g)).toHaveLength(1);
    expect(r.out.match(/^\s+\d\.\d\d\s+\d+\.\d\d % ± /gm)).toHaveLength(8);
  });

  it("simulates a trade list: a backtest's --json, and a CSV whose answer is known", async () => {
    const bt = await hydra(["backtest", "--days", "20", "--json"]);
    expect(bt.code, bt.err).toBe(0);
    const btFile = path.join(dir, "bt.json");
    writeFileSync(btFile, bt.out);
    const sim = await hydra([
      "challenge",
      "simulate",
      "--program",
      "ftmo-1step",
      "--trades",
      btFile,
      "--paths",
      "2000",
      "--json",
    ]);
    expect(sim.code, sim.err).toBe(0);
    const out = JSON.parse(sim.out);
    expect(out).toMatchObject({ mode: "bootstrap", initial: 10_000, paths: 2000 });
    expect(out.blockLength).toBeGreaterThanOrEqual(1);
    expect(out.input).toContain("backtest-json");

    // +3 % a day, one trade a day: the challenge passes on day 4, the verification 4 trading days later
    const csv = path.join(dir, "steady.csv");
    writeFileSync(
      csv,
      `time,pnl\n${Array.from({ length: 10 }, (_, i) => `2024-03-${11 + i}T10:00:00Z,3000`).join("\n")}\n`,
    );
    for (const method of ["bootstrap", "reshuffle"]) {
      const r = await hydra([
        "challenge",
        "simulate",
        "--program",
        "ftmo-2step",
        "--trades",
        csv,
        "--method",
        method,
        "--paths",
        "500",
        "--json",
      ]);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({
        passProbability: 1,
        standardError: 0,
        medianDaysToPass: 8,
        mode: method,
      });
    }
  });

  it("exits 2 on bad input, naming the flag or the file and line", async () => {
    const badFlag = await hydra([
      ...ISSUE_COMMAND.slice(0, 4),
      "--win-rate",
      "1.5",
      "--payoff",
      "1",
      "--risk-pct",
      "1",
    ]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.err).toContain("--win-rate must be between 0 and 1");
    const csv = path.join(dir, "bad.csv");
    writeFileSync(csv, "pnl\n10\noops\n");
    const badFile = await hydra(["challenge", "simulate", "--program", "ftmo-2step", "--trades", csv]);
    expect(badFile.code).toBe(2);
    expect(badFile.err).toMatch(
      /bad\.csv:3: pnl must be a number, got "oops" \(field "pnl"\) \[DATA_BAD_ROW\]/,
    );
    const none = await hydra(["challenge", "simulate", "--program", "ftmo-2step"]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("give exactly one input");
  });
});
