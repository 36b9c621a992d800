import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hydra-atomic-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("creates and replaces a file, leaving no temp file", () => {
    const f = path.join(dir, "checkpoint.json");
    writeFileAtomic(f, '{"v":1}');
    expect(readFileSync(f, "utf8")).toBe('{"v":1}');
    writeFileAtomic(f, Buffer.from('{"v":2}'));
    expect(readFileSync(f, "utf8")).toBe('{"v":2}');
    expect(readdirSync(dir)).toEqual(["checkpoint.json"]);
  });

  it("leaves the old content when a crash stops it before the rename", () => {
    const f = path.join(dir, "checkpoint.json");
    writeFileAtomic(f, "old");
    // what an interrupted write leaves behind: a half-written temp file beside the target
    writeFileSync(path.join(dir, ".checkpoint.json.1.abc.tmp"), "ne");
    expect(readFileSync(f, "utf8")).toBe("old");
    writeFileAtomic(f, "new");
    expect(readFileSync(f, "utf8")).toBe("new");
  });

  it("fails with STORAGE and cleans up when the directory is missing", () => {
    const f = path.join(dir, "nope", "x.json");
    expect(() => writeFileAtomic(f, "x")).toThrow(expect.objectContaining({ code: "STORAGE" }));
    expect(readdirSync(dir)).toEqual([]);
  });
});
