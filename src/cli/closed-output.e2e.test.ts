import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILT, spawnHydra } from "./test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the closed-pipe end-to-end tests: dist/ is not built (make test builds it)");

// The reader's end of stdout is closed before hydra writes its first line (node takes far longer to
// start than the parent takes to close the pipe), so every write hydra makes meets EPIPE.
describe.skipIf(!BUILT)("hydra writing to a closed pipe (`hydra strategies | head -1`)", () => {
  it("exits 0 without a stack trace when the reader has gone", async () => {
    const h = spawnHydra(["strategies"]);
    h.proc.stdout?.destroy();
    const code = await h.exited();
    expect(h.output()).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  }, 30_000);

  it("stops a long-running command cleanly, as SIGTERM would, when its reader has gone", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-epipe-")), "hydra.db");
    const h = spawnHydra(["paper", "--speed", "600", "--status-every", "100ms", "--db", db]);
    h.proc.stdout?.destroy();
    // no stop(): the closed stdout alone must end it; the timeout fails the test if it runs on
    const code = await Promise.race([
      h.exited(),
      new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 20_000)),
    ]);
    if (code === "still running") await h.stop("SIGKILL");
    expect(code).toBe(0);
    expect(h.output()).not.toMatch(/EPIPE|Error|at /);
  }, 30_000);
});
