import { describe, expect, it } from "vitest";
import { BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra check end-to-end tests: dist/ is not built (make test builds it)");

interface Result {
  label: string;
  passed: boolean;
  signalBars?: number;
  checked?: number;
  startups?: Array<{ bars: number; maxDifference: number }>;
}

async function check(args: string[]): Promise<{ code: number | null; out: string; all: string }> {
  const p = spawnHydra(["check", ...args]);
  const code = await p.exited();
  return { code, out: p.stdout(), all: p.output() };
}

const EVERY = [
  "sma-cross on XAUUSD M1",
  "gold-london-reversal on XAUUSD M1",
  "gold-ny-reversion on XAUUSD M1",
  "eurusd-breakout on EURUSD M1",
  "us30-orb on US30 M1",
  "nas100-gap on NAS100 M1",
  "hf-scalper on XAUUSD M1",
  "hf-scalper on EURUSD M1",
  "hf-scalper on US30 M1",
  "hf-scalper on NAS100 M1",
];

describe.skipIf(!BUILT)("hydra check", () => {
  it("lookahead: every built-in strategy and FTMO bot keeps its signals and indicators with the data cut", async () => {
    const r = await check(["lookahead", "--days", "3", "--max-signals", "4", "--json"]);
    expect(r.code).toBe(0);
    const results = (JSON.parse(r.out) as { results: Result[] }).results;
    expect(results.map((x) => x.label)).toEqual(EVERY);
    for (const x of results) expect(x, x.label).toMatchObject({ passed: true });
    // the check re-ran something: most strategies signal within four days
    expect(results.filter((x) => x.checked! > 0).length).toBeGreaterThanOrEqual(8);
    console.log(`hydra check lookahead: ${results.map((x) => `${x.label} ${x.signalBars}`).join(", ")}`);
  });

  it("recursion: every built-in indicator settles after two days of M1 bars; a 20-bar warm-up does not (exit 1)", async () => {
    const r = await check(["recursion", "--days", "3", "--startup", "2880"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("indicators settle");
    for (const label of EVERY) expect(r.out).toMatch(new RegExp(`${label}\\s+2880: 0\\.0e\\+0.*pass`));
    const short = await check([
      "recursion",
      "--days",
      "1",
      "--startup",
      "20",
      "--strategy",
      "hf-scalper",
      "--symbol",
      "XAUUSD",
    ]);
    expect(short.code).toBe(1);
    expect(short.out).toMatch(/hf-scalper on XAUUSD M1 .*RECURSION/);
  });

  it("bad input: an unknown strategy or a bad warm-up is named, exit 2", async () => {
    const a = await check(["lookahead", "--strategy", "nope"]);
    expect(a.code).toBe(2);
    expect(a.all).toContain('unknown strategy "nope"');
    const b = await check(["recursion", "--startup", "0"]);
    expect(b.code).toBe(2);
    expect(b.all).toContain("--startup must be an integer > 0");
  });
});
