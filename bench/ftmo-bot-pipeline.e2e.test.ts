/**
 * What `make backtests` runs for each bot, in a small form: us30-orb on the real US30 file (its broker
 * clock read with --tz America/New_York --shift -7) through the built `hydra optimize`, `hydra backtest`
 * (with and without --challenge) and `hydra challenge simulate`, two trials, two windows, 1,000 paths.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT } from "../src/cli/test-support/spawn-hydra.js";
import { dataFile } from "../src/data/data-dir.js";
import { runBotPipeline } from "./ftmo-bot-pipeline.js";

const US30 = dataFile("indices/mt5_US30_1m_servertime_20260219-20260313.csv.gz");
if (US30 === undefined)
  console.warn(
    "skipping the make backtests pipeline test: ../shared/data/indices is absent (set HYDRA_DATA_DIR)",
  );
if (!BUILT)
  console.warn(
    "skipping the make backtests pipeline test: dist/ is not built (npx tsc -p tsconfig.build.json)",
  );

describe.skipIf(US30 === undefined || !BUILT)("make backtests: one bot's pipeline", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-backtests-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("walk-forward, one challenge account and the simulator run through the commands and write self-contained reports", async () => {
    const t0 = performance.now();
    const r = await runBotPipeline({
      bot: "us30-orb",
      data: { file: US30!, tz: "America/New_York", shift: -7, symbol: "US30", spread: 2 },
      cash: 15_000,
      ranges: ["rangeMinutes=15,30"],
      windows: 2,
      inSampleRatio: 2,
      minTrades: 1,
      paths: 1000,
      outDir: path.join(dir, "reports"),
      db: path.join(dir, "opt.db"),
      timeoutMs: 120_000,
      env: { HYDRA_CACHE_DIR: path.join(dir, "cache") },
    });
    console.log(`make backtests pipeline, one bot: ${((performance.now() - t0) / 1000).toFixed(1)} s wall`);

    // 2 trials × (the full span + 2 windows × (in-sample + out-of-sample))
    expect(r.optimize.backtests).toBe(10);
    expect(r.optimize.trials).toBe(2);
    expect(["likely-overfit", "inconclusive", "no-sign-of-overfitting"]).toContain(r.optimize.verdict);
    expect(r.optimize.oosDays).toBeGreaterThan(0);
    expect(Number.isFinite(r.optimize.oosReturnPct)).toBe(true);
    // the bot is sized by the risk layer: without it every intent had volume 0 and nothing traded
    expect(r.backtest.trades).toBeGreaterThan(0);
    expect(["active", "passed", "failed"]).toContain(r.challenge.status);
    const p = r.simulate.passProbability;
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
    expect(r.simulate.standardError).toBeCloseTo(Math.sqrt((p * (1 - p)) / 1000), 10);
    expect(r.simulate.input).toContain(`${r.backtest.trades} trades`);

    expect(r.reports.map((f) => path.basename(f))).toEqual([
      "us30-orb-walk-forward.html",
      "us30-orb-backtest.html",
      "us30-orb-simulate.html",
    ]);
    for (const f of r.reports) {
      const html = readFileSync(path.resolve(f), "utf8");
      expect(statSync(path.resolve(f)).size).toBeGreaterThan(1000);
      expect(html).toMatch(/^<!doctype html>/i);
      // self-contained: nothing fetched (uPlot's licence comment names its home page, as text)
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    }
    const verdictWord = { active: "NOT DECIDED YET", passed: "PASSED", failed: "FAILED" }[r.challenge.status];
    expect(readFileSync(path.resolve(r.reports[1]!), "utf8")).toContain(verdictWord);
    expect(readFileSync(path.resolve(r.reports[2]!), "utf8")).toContain(`${(p * 100).toFixed(2)}`);
  });
});
