import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra paper end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-paper-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!BUILT)("hydra paper, as a user runs it (no --duration, stopped by Ctrl-C)", () => {
  it("trades through the risk layer until SIGINT, honours the kill switch and is listed by its status", async () => {
    const db = path.join(dir, "paper.db");
    const p = spawnHydra(
      [
        "paper",
        "--symbols",
        "XAUUSD,EURUSD",
        "--param",
        "stopPct=0.5",
        "--speed",
        "600",
        "--start",
        "2024-03-12T08:00:00Z",
        "--db",
        db,
      ],
      { env: { KILL_SWITCH: "" } },
    );
    try {
      await p.waitFor(/ fill (buy|sell) [\d.]+ (XAUUSD|EURUSD) @/, 60_000);
      const status = JSON.parse(
        execFileSync(process.execPath, [BIN, "kill-switch", "status", "--db", db, "--json"], {
          encoding: "utf8",
        }),
      );
      expect(status.processes).toEqual([expect.objectContaining({ name: "paper", pid: p.proc.pid })]);
      execFileSync(process.execPath, [BIN, "kill-switch", "on", "--db", db]);
      await p.waitFor(/trading state global: ACTIVE → HALTED/, 5000);
      expect(await p.stop("SIGINT")).toBe(0);
      const summary = JSON.parse(p.stdout().trim().split("\n").at(-1)!);
      expect(summary.fills).toBeGreaterThan(0);
      expect(summary.marketStart).toBe("2024-03-12T08:00:00.000Z");
    } finally {
      await p.stop("SIGKILL", 5000);
    }
  });
});
