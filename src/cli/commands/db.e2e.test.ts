import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

const LINUX = existsSync("/proc/self/fd");
if (!BUILT) console.warn("skipping the hydra db end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-db-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!BUILT || !LINUX)("hydra db holders", () => {
  it("names the running node that has the database open, and nobody once it stopped", async () => {
    const db = path.join(dir, "hydra.db");
    const holders = () =>
      execFileSync(process.execPath, [BIN, "db", "holders", "--db", db], { encoding: "utf8" });
    const p = spawnHydra(["run", "--speed", "600", "--db", db], { env: { KILL_SWITCH: "" } });
    try {
      await p.waitFor(/cycle 1: /, 60_000);
      const out = holders();
      expect(out).toContain(`${db}: open in 1 process(es)`);
      expect(out).toMatch(
        new RegExp(`pid ${p.proc.pid}  \\S+ \\S*bin/hydra\\.js run --speed 600 --db ${db}`),
      );
      const json = JSON.parse(
        execFileSync(process.execPath, [BIN, "db", "holders", "--db", db, "--json"], { encoding: "utf8" }),
      ) as { holders: Array<{ pid: number }> };
      expect(json.holders.map((h) => h.pid)).toEqual([p.proc.pid]);
      expect(await p.stop("SIGINT")).toBe(0);
      expect(holders()).toBe(`${db}: no process of this user has it open\n`);
    } finally {
      await p.stop("SIGKILL", 5000);
    }
  });
});
