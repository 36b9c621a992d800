import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** `make setup` installs scripts/pre-commit (through scripts/install-hooks.sh); run here on throwaway repos. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function project(withGit: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-hook-"));
  mkdirSync(path.join(dir, "scripts"));
  mkdirSync(path.join(dir, "src"));
  for (const f of ["scripts/pre-commit", "scripts/install-hooks.sh", "biome.json"])
    copyFileSync(path.join(ROOT, f), path.join(dir, f));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  writeFileSync(path.join(dir, ".gitignore"), "node_modules\n");
  if (withGit) {
    git(dir, "init", "-q");
    git(dir, "config", "user.email", "dev@example.invalid");
    git(dir, "config", "user.name", "dev");
  }
  return dir;
}

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" });
const install = (cwd: string) => spawnSync("bash", ["scripts/install-hooks.sh"], { cwd, encoding: "utf8" });
const commit = (cwd: string) => spawnSync("git", ["commit", "-q", "-m", "x"], { cwd, encoding: "utf8" });

describe("the pre-commit hook", () => {
  it("installs once, idempotently, and leaves someone else's hook alone", () => {
    const dir = project(true);
    const first = install(dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("installed the pre-commit hook");
    const hook = path.join(dir, ".git", "hooks", "pre-commit");
    expect(readFileSync(hook, "utf8")).toBe(readFileSync(path.join(ROOT, "scripts", "pre-commit"), "utf8"));
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    const again = install(dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe("");
    writeFileSync(hook, "#!/bin/sh\necho theirs\n");
    const theirs = install(dir);
    expect(theirs.status).toBe(0);
    expect(theirs.stderr).toContain("someone else's hook");
    expect(readFileSync(hook, "utf8")).toBe("#!/bin/sh\necho theirs\n");
  });

  it("never fails set-up without a .git", () => {
    const r = install(project(false));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("no git checkout here; no pre-commit hook installed");
  });

  it("refuses a commit whose staged .ts files are unformatted or fail lint, checking what is staged", () => {
    const dir = project(true);
    expect(install(dir).status).toBe(0);
    const file = path.join(dir, "src", "a.ts");
    // a badly formatted JSON file is not the hook's business: only .ts files are checked
    writeFileSync(path.join(dir, "src", "data.json"), '{"a":   1}');
    writeFileSync(file, "export const x   =  1;\n");
    git(dir, "add", "src/a.ts", "src/data.json");
    // the working copy is fixed but not staged: the staged text is what gets committed, and checked
    writeFileSync(file, "export const x = 1;\n");
    const unformatted = commit(dir);
    expect(unformatted.status).not.toBe(0);
    expect(unformatted.stderr).toContain("pre-commit: fix the staged files above");
    git(dir, "add", "src/a.ts");
    expect(commit(dir).status).toBe(0);
    writeFileSync(file, "export function f(): void {\n  debugger;\n}\n");
    git(dir, "add", "src/a.ts");
    const lint = commit(dir);
    expect(lint.status).not.toBe(0);
    expect(lint.stderr + lint.stdout).toMatch(/noDebugger/);
    expect(git(dir, "log", "--oneline").trim().split("\n")).toHaveLength(1);
  }, 60_000);
});
