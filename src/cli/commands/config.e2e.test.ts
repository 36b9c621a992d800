import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT, spawnBridgeSim, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the --config end-to-end tests: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-config-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** a node configuration file; HYDRA_DB is cleared so that the file's db applies */
function configFile(name: string, lines: string[]): string {
  const f = path.join(dir, name);
  writeFileSync(f, `${lines.join("\n")}\n`);
  return f;
}

describe.skipIf(!BUILT)("--config FILE on hydra run, paper and trade", () => {
  it("hydra run takes db, seed and speed from the file", async () => {
    const db = path.join(dir, "run.db");
    const config = configFile("run.yaml", [`db: ${db}`, "market:", "  seed: 3", "  speed: 600"]);
    const p = spawnHydra(["run", "--paper", "--config", config], { env: { HYDRA_DB: "" } });
    try {
      await p.waitFor(/\(600× real time\)/, 30_000);
      await p.waitFor(/cycle 2: /, 30_000);
      expect(await p.stop("SIGINT")).toBe(0);
      expect(existsSync(db)).toBe(true);
    } finally {
      await p.stop("SIGKILL", 5000);
    }
  });

  it("hydra paper takes db and the market from the file", async () => {
    const db = path.join(dir, "paper.db");
    const config = configFile("paper.json", [
      JSON.stringify({ db, market: { speed: 600, start: "2024-03-12T08:00:00Z" } }),
    ]);
    const p = spawnHydra(["paper", "--config", config, "--param", "stopPct=0.5"], { env: { HYDRA_DB: "" } });
    try {
      await p.waitFor(/600× real time/, 30_000);
      expect(await p.stop("SIGINT")).toBe(0);
      expect(JSON.parse(p.stdout().trim().split("\n").at(-1)!).marketStart).toBe("2024-03-12T08:00:00.000Z");
      expect(existsSync(db)).toBe(true);
    } finally {
      await p.stop("SIGKILL", 5000);
    }
  });

  it("hydra trade takes the mode and the bridge from the file; an unknown field is refused", async () => {
    const { rep, pub, sim } = await spawnBridgeSim(["--speed", "60", "--symbols", "BTC-USD"]);
    const config = configFile("trade.yaml", [
      "mode: shadow",
      "bridge:",
      `  trade: "${rep}"`,
      `  ticks: "${pub}"`,
    ]);
    const p = spawnHydra(["trade", "--config", config, "--symbols", "BTC-USD"]);
    try {
      await p.waitFor(
        /shadow trading BTC-USD on tcp:\/\/127\.0\.0\.1:\d+ \(orders: recorded, never sent\)/,
        30_000,
      );
      expect(await p.stop("SIGINT")).toBe(0);
      const bad = spawnHydra(["trade", "--config", configFile("bad.yaml", ["bridge:", "  trades: x"])]);
      expect(await bad.exited()).toBe(2);
      expect(bad.output()).toContain('bad.yaml: "bridge.trades" is not a setting of bridge');
    } finally {
      await p.stop("SIGKILL", 5000);
      await sim.stop("SIGKILL", 5000);
    }
  });
});
