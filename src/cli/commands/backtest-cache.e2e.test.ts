import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CACHE_MIN_BYTES } from "../../data/cache/cached-read.js";
import { BIN, BUILT } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the --no-cache end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-cache-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A plain tick file above the cache's size threshold. */
function tickFile(): string {
  const t0 = Date.UTC(2024, 0, 2, 8);
  const rows = ["time,bid,ask"];
  let bytes = 0;
  for (let i = 0; bytes < CACHE_MIN_BYTES * 1.2; i++) {
    const bid = (2000 + 5 * Math.sin(i / 900)).toFixed(2);
    const row = `${new Date(t0 + i * 250).toISOString()},${bid},${(Number(bid) + 0.3).toFixed(2)}`;
    rows.push(row);
    bytes += row.length + 1;
  }
  const p = path.join(dir, "XAUUSD-ticks.csv");
  writeFileSync(p, `${rows.join("\n")}\n`);
  return p;
}

describe.skipIf(!BUILT)("hydra backtest --no-cache, as a user runs it", () => {
  it("honours --no-cache; without it the second run reads the cached columns", () => {
    const data = tickFile();
    const cache = path.join(dir, "cache");
    const env = { ...process.env, HYDRA_CACHE_DIR: cache, HYDRA_DB: path.join(dir, "hydra.db") };
    const run = (...extra: string[]): string =>
      execFileSync(process.execPath, [BIN, "backtest", "--data", data, "--param", "period=50", ...extra], {
        env,
        encoding: "utf8",
      });
    const entries = (): string[] =>
      existsSync(path.join(cache, "series")) ? readdirSync(path.join(cache, "series")) : [];
    expect(run("--no-cache")).not.toContain("columns from the cache");
    expect(entries()).toEqual([]);
    expect(run()).not.toContain("columns from the cache");
    expect(entries()).toHaveLength(1);
    expect(run()).toContain("columns from the cache");
    expect(run("--no-cache")).not.toContain("columns from the cache");
  });
});
