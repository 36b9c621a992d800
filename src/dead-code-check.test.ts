import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * `make lint` and `make test` run knip with the repository's knip.json: unused files and unused exports
 * fail them. Shown here on a small project laid out like this one (the same entry points).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const KNIP = path.join(ROOT, "node_modules", "knip", "bin", "knip.js");

function fixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-knip-"));
  const put = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  copyFileSync(path.join(ROOT, "knip.json"), path.join(dir, "knip.json"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  put(
    "package.json",
    JSON.stringify({ name: "fixture", type: "module", private: true, bin: { hydra: "bin/hydra.js" } }),
  );
  put(
    "tsconfig.json",
    JSON.stringify({ compilerOptions: { module: "NodeNext", strict: true }, include: ["src"] }),
  );
  mkdirSync(path.join(dir, "bin"));
  copyFileSync(path.join(ROOT, "bin", "hydra.js"), path.join(dir, "bin", "hydra.js"));
  put("bench/run.ts", 'import { used } from "../src/used.js";\nconsole.log(used);\n');
  put("src/cli/main.ts", 'import { used } from "../used.js";\nconsole.log(used);\n');
  put("src/used.ts", "export const used = 1;\nexport const unusedExport = 2;\n");
  put("src/used.test.ts", 'import { used } from "./used.js";\nif (used !== 1) throw new Error("x");\n');
  put("src/orphan.ts", "export const orphan = 3;\n");
  return dir;
}

const knip = (dir: string) =>
  spawnSync(process.execPath, [KNIP, "--no-progress", "--directory", dir], { encoding: "utf8" });

describe("the dead-code check (knip)", () => {
  it("fails on an unused file and an unused export, naming them, and passes once they are gone", () => {
    const dir = fixture();
    const found = knip(dir);
    expect(found.status).not.toBe(0);
    expect(found.stdout).toMatch(/Unused files \(1\)\s+src\/orphan\.ts/);
    expect(found.stdout).toMatch(/Unused exports \(1\)\s+unusedExport\s+src\/used\.ts/);
    rmSync(path.join(dir, "src", "orphan.ts"));
    writeFileSync(path.join(dir, "src", "used.ts"), "export const used = 1;\n");
    const clean = knip(dir);
    expect(clean.stdout + clean.stderr).not.toMatch(/Unused|Unresolved|Unlisted/);
    expect(clean.status).toBe(0);
  }, 60_000);
});
