/**
 * `hydra optimize` on worker threads: the same walk-forward search (an SMA period grid on the daily GOOG
 * reference bars, or 60 synthetic days when the data is absent) with 1 worker and with 2, each into a fresh
 * database, timed on the wall clock. Goal (issue 18): 2 workers ≥ 1.8× one. Measured, not asserted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { dataFile } from "../src/data/data-dir.js";
import { parseRange } from "../src/research/param-space.js";
import { loadMarket } from "../src/runtime/load-market.js";
import { runOptimize } from "../src/runtime/optimize/run-optimize.js";

const REL = "reference/backtestingpy_GOOG_1d_20040819-20130301.csv";

export async function optimizeSpeedup(): Promise<void> {
  const file = dataFile(REL);
  const market =
    file === undefined
      ? loadMarket({ synthetic: { seed: 1, startMs: Date.UTC(2024, 0, 1), days: 60 } })
      : loadMarket({ data: file, symbol: "GOOG", overrides: { contractSize: 1 } });
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-bench-optimize-"));
  const ranges = [parseRange("--range", "period=10:60:5")];
  const timed = async (workers: number): Promise<{ ms: number; backtests: number }> => {
    const t0 = performance.now();
    const r = await runOptimize({
      series: market.series,
      spec: market.spec,
      origin: market.origin,
      dataIdentity: market.origin,
      base: {
        strategy: "sma-cross",
        fixedParams: {},
        cash: 10_000,
        spread: 0,
        slippageTicks: 0,
        dayTz: "UTC",
      },
      ranges,
      sampler: "grid",
      trials: 0,
      seed: 1,
      walkForward: { windows: 4, inSampleRatio: 3, mode: "rolling" },
      objective: "sharpe",
      minTrades: 5,
      cscvBlocks: 8,
      workers,
      db: path.join(dir, `w${workers}.db`),
      stop: new Promise<void>(() => {}),
    });
    if (r.status !== "done") throw new Error("the optimisation stopped");
    return { ms: performance.now() - t0, backtests: r.result.backtests.total };
  };
  try {
    const one = await timed(1);
    const two = await timed(2);
    console.log(
      `optimize  ${one.backtests} backtests (${file === undefined ? "synthetic" : "GOOG daily"}, 11 trials × 4 walk-forward windows): 1 worker ${(one.ms / 1000).toFixed(1)} s, 2 workers ${(two.ms / 1000).toFixed(1)} s → speed-up ${(one.ms / two.ms).toFixed(2)}× (goal ≥ 1.8× on 2 free cores)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
