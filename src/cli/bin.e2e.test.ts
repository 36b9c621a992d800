import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin", "hydra.js");
const built = existsSync(path.join(ROOT, "dist", "src", "cli", "main.js"));
if (!built) console.warn("skipping the bin end-to-end test: dist/ is not built (make test builds it)");

describe.skipIf(!built)("the hydra bin (as `npx hydra` runs it)", () => {
  const run = (...args: string[]): string =>
    execFileSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });

  it("answers --help", () => {
    expect(run("--help")).toContain("Usage: hydra");
    expect(run("backtest", "--help")).toContain("--close-at-end");
  });

  it("runs a backtest on the synthetic market and prints JSON", () => {
    const out = JSON.parse(run("backtest", "--days", "1", "--json"));
    expect(out.symbol).toBe("XAUUSD");
    expect(out.dataKind).toBe("ticks");
    expect(out.rows).toBeGreaterThan(1000);
  });

  it("exits 2 with a message on bad input", () => {
    try {
      run("backtest", "--cash", "zero");
      expect.unreachable("should fail");
    } catch (e) {
      const err = e as { status: number; stderr: string };
      expect(err.status).toBe(2);
      expect(err.stderr).toContain("--cash must be a number");
    }
  });
});
