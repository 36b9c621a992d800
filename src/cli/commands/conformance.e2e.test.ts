/**
 * `hydra conformance` as a user runs it: every peer case of the reference data, statistic by statistic;
 * exit 0 only when every check passes, 1 when one fails, 2 when the reference data is missing.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dataDir, dataFile } from "../../data/data-dir.js";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

const FILES = [
  "backtrader_reference.json",
  "backtrader_2006-day-001.txt",
  "backtestingpy_reference.json",
  "backtestingpy_GOOG_1d_20040819-20130301.csv",
  "lean_basic_template_reference.json",
  "lean_SPY_1m_trade_20131004-20131011.csv.gz",
];
const present = FILES.every((f) => dataFile(`reference/${f}`) !== undefined);
if (!BUILT) console.warn("skipping the hydra conformance end-to-end tests: dist/ is not built");
if (!present)
  console.warn("skipping the hydra conformance end-to-end tests: ../shared/data/reference is absent");

let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});

async function conformance(args: string[]) {
  const p = spawnHydra(["conformance", ...args]);
  procs.push(p);
  const code = await p.exited();
  return { code, out: p.stdout(), err: p.output().slice(p.stdout().length) };
}

interface Check {
  peer: string;
  statistic: string;
  ok: boolean;
}

describe.skipIf(!BUILT || !present)("hydra conformance", () => {
  it("passes every check of the three peers", async () => {
    const r = await conformance(["--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const { checks, failed } = JSON.parse(r.out) as { checks: Check[]; failed: number };
    expect(failed).toBe(0);
    expect(checks.filter((c) => c.peer === "backtrader").length).toBeGreaterThanOrEqual(6);
    expect(checks.filter((c) => c.peer === "backtesting.py").length).toBeGreaterThanOrEqual(31);
    expect(checks.filter((c) => c.peer === "lean").length).toBeGreaterThanOrEqual(18);
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it("exits 1 and says FAIL when a peer's number differs (a copy of the data with one value changed)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-conformance-"));
    mkdirSync(path.join(dir, "reference"));
    for (const f of FILES)
      if (f !== "lean_basic_template_reference.json")
        symlinkSync(path.join(dataDir(), "reference", f), path.join(dir, "reference", f));
    const lean = JSON.parse(readFileSync(path.join(dataDir(), "reference", FILES[4]!), "utf8"));
    lean.expected_statistics["End Equity"] = "101691.93";
    writeFileSync(path.join(dir, "reference", FILES[4]!), JSON.stringify(lean));
    const r = await conformance(["--data-dir", dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL\s+lean\s+End Equity\s+expected 101691.93/m);
    expect(r.out).toContain("1 failed");
    expect(r.err).toContain("1 conformance checks failed [RUN_FAILED]");
  });

  it("exits 2 naming the missing file when there is no reference data", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-conformance-empty-"));
    const r = await conformance(["--data-dir", dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("backtrader_reference.json: reference file missing");
    expect(r.err).toContain("[DATA_NOT_FOUND]");
  });
});
