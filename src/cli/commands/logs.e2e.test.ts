import { appendFileSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra logs end-to-end tests: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-logs-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const running: HydraProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop("SIGKILL", 5000);
});
const hydra = (args: string[]): HydraProcess => {
  const p = spawnHydra(args, { env: { KILL_SWITCH: "", EXECUTION_MODE: "", HYDRA_LOG_MAX_BYTES: "" } });
  running.push(p);
  return p;
};
const RECORD = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(wall\) ftmo (info|warn|error): .+$/;

describe.skipIf(!BUILT)("hydra logs (end to end, through hydra ftmo's log file)", () => {
  it("prints the last records, follows new ones while the node runs, filters by level", async () => {
    const db = path.join(dir, "x.db");
    const file = path.join(dir, "logs", "ftmo.log");
    const node = hydra([
      "ftmo",
      "--mode",
      "paper",
      "--db",
      db,
      "--speed",
      "120",
      "--start",
      "2024-03-12T12:00:00Z",
    ]);
    await node.waitFor(/\(market\) fill /, 90_000);

    // the last 5 records, human-readably, from the default file beside the database
    const tail = hydra(["logs", "--db", db, "--node", "ftmo", "--lines", "5"]);
    expect(await tail.exited()).toBe(0);
    const lines = tail.stdout().trim().split("\n");
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l).toMatch(RECORD);
    expect(tail.stdout()).toMatch(/ftmo info: .*FTMO runner|ftmo info: .*fill /);

    // --json: the records as written
    const json = hydra(["logs", "--db", db, "--node", "ftmo", "--lines", "3", "--json"]);
    expect(await json.exited()).toBe(0);
    const records = json
      .stdout()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(3);
    for (const r of records) {
      expect(r.node).toBe("ftmo");
      expect(["info", "warn", "error"]).toContain(r.level);
      expect(Date.parse(String(r.time))).toBeGreaterThan(Date.parse("2026-01-01T00:00:00Z"));
    }

    // -f: a record written after it started arrives while the node runs; Ctrl-C ends it with 0
    const follow = hydra(["logs", "--db", db, "--node", "ftmo", "--lines", "0", "-f"]);
    await follow.waitFor(/\(wall\) ftmo \w+: /, 60_000);
    expect(follow.stdout().trim().split("\n").length).toBeGreaterThan(0);
    expect(await follow.stop("SIGINT")).toBe(0);

    // -f across a rotation: the file renamed to .1, a new one started
    const rotated = hydra(["logs", "--file", file, "--lines", "0", "-f"]);
    await rotated.waitFor(/\(wall\) ftmo \w+: /, 60_000);
    expect(await node.stop("SIGINT")).toBe(0);
    await rotated.waitFor(/ftmo info: shutting down/, 10_000);
    renameSync(file, `${file}.1`);
    appendFileSync(
      file,
      `${JSON.stringify({ level: "info", time: "2026-12-06T06:00:00.000Z", node: "ftmo", msg: "after the rotation" })}\n`,
    );
    await rotated.waitFor(/ftmo info: after the rotation/, 10_000);
    expect(await rotated.stop("SIGINT")).toBe(0);

    // --level error: only errors; a torn last line is skipped with a note, never a stack trace
    appendFileSync(
      file,
      `${JSON.stringify({ level: "error", time: "2026-12-06T06:00:01.000Z", node: "ftmo", msg: "bridge DEAD" })}\n{"level":"inf`,
    );
    const errors = hydra(["logs", "--db", db, "--node", "ftmo", "--level", "error"]);
    expect(await errors.exited()).toBe(0);
    expect(errors.stdout()).toBe("2026-12-06T06:00:01.000Z (wall) ftmo error: bridge DEAD\n");
    expect(errors.output()).toContain("skipped a line that is not a log record");
    expect(errors.output()).not.toMatch(/\n\s+at /);
  }, 180_000);

  it("says what is missing: no file, no node", async () => {
    const none = hydra(["logs", "--db", path.join(dir, "nothing", "y.db"), "--node", "run"]);
    expect(await none.exited()).toBe(2);
    expect(none.output()).toContain("no log file at");
    const bare = hydra(["logs"]);
    expect(await bare.exited()).toBe(2);
    expect(bare.output()).toContain("--node");
  });
});
