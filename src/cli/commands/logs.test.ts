import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureIo } from "../io.js";
import { runCli } from "../main.js";

const dir = mkdtempSync(path.join(tmpdir(), "hydra-logs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rec = (i: number, level: string): string =>
  `${JSON.stringify({ level, time: `2026-12-06T06:00:0${i}.000Z`, node: "run", msg: `line ${i}` })}\n`;

async function logs(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(["logs", ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe("hydra logs (reading a file)", () => {
  const file = path.join(dir, "logs", "run.log");
  mkdirSync(path.dirname(file), { recursive: true });
  // the rotated file holds the older records, the live one the newer and a torn last line
  writeFileSync(`${file}.1`, rec(0, "info") + rec(1, "error"));
  writeFileSync(file, [rec(2, "warn"), rec(3, "info"), rec(4, "info"), '{"level":"in'].join(""));

  it("prints the last N records human-readably, reaching into .1 when the file holds too few", async () => {
    const r = await logs(["--db", path.join(dir, "x.db"), "--node", "run", "--lines", "4"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        "2026-12-06T06:00:01.000Z (wall) run error: line 1",
        "2026-12-06T06:00:02.000Z (wall) run warn: line 2",
        "2026-12-06T06:00:03.000Z (wall) run info: line 3",
        "2026-12-06T06:00:04.000Z (wall) run info: line 4",
        "",
      ].join("\n"),
    );
    expect(r.err).toContain("skipped a line that is not a log record");
  });

  it("filters by level, at or above", async () => {
    const warn = await logs(["--file", file, "--level", "warn"]);
    expect(warn.out.trim().split("\n")).toEqual([
      "2026-12-06T06:00:01.000Z (wall) run error: line 1",
      "2026-12-06T06:00:02.000Z (wall) run warn: line 2",
    ]);
    const error = await logs(["--file", file, "--level", "error", "--json"]);
    expect(error.out).toBe(rec(1, "error"));
  });

  it("refuses an unknown level or node with exit 2", async () => {
    expect((await logs(["--file", file, "--level", "debug"])).code).toBe(2);
    expect((await logs(["--node", "nope"])).code).toBe(2);
  });
});
