import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

const LINUX = existsSync("/proc/self/fd");
if (!BUILT) console.warn("skipping the hydra db end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-db-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!BUILT || !LINUX)("hydra db holders and hydra db backup", () => {
  it("names the running node that has the database open, backs the database up under it, and names nobody once it stopped", async () => {
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
      // a consistent copy while the node writes: a database SQLite finds intact, with the run's tables
      const backupDir = path.join(dir, "backup");
      const said = execFileSync(process.execPath, [BIN, "db", "backup", "--db", db, "--out", backupDir], {
        encoding: "utf8",
      });
      expect(said).toBe(`backed up ${db}:\n  ${path.join(backupDir, "hydra.db")}\n`);
      const copy = new Database(path.join(backupDir, "hydra.db"), { readonly: true });
      try {
        expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
        const tables = (
          copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
        ).map((t) => t.name);
        expect(tables).toEqual(
          expect.arrayContaining(["hydra_trades", "tournament_scores", "guardian_state"]),
        );
      } finally {
        copy.close();
      }
      expect(await p.stop("SIGINT")).toBe(0);
      expect(holders()).toBe(`${db}: no process of this user has it open\n`);
    } finally {
      await p.stop("SIGKILL", 5000);
    }
  });
});
