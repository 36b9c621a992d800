import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Test helpers never ship: `dist/` is what `npx hydra` runs and what a package would carry, so a
 * helper there is dead weight at best and a test-only code path in production at worst. A helper is a
 * test file, anything under a test-support folder, a file named test-*.ts, test-support.ts or
 * *.contract.ts, or any file that imports the test runner or the property-test library.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HELPER_NAME =
  /(\.test\.[jt]s|\/test-support\/|\/test-support\.[jt]s|\/test-[^/]+\.[jt]s|\.contract\.[jt]s)$/;
const HELPER_IMPORT = /from\s+"(vitest|fast-check)"|import\("(vitest|fast-check)"\)/;

function helperReason(file: string): string | undefined {
  const rel = `/${path.relative(ROOT, file).split(path.sep).join("/")}`;
  if (HELPER_NAME.test(rel)) return `${rel}: a test helper by its name`;
  if (HELPER_IMPORT.test(readFileSync(file, "utf8"))) return `${rel}: imports the test runner`;
  return undefined;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

describe("test helpers stay out of the build", () => {
  it("tsconfig.build.json compiles no test helper", () => {
    const listed = execFileSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
        "-p",
        "tsconfig.build.json",
        "--listFilesOnly",
      ],
      { cwd: ROOT, encoding: "utf8" },
    )
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith(`${ROOT}/src/`) || l.startsWith(`${ROOT}/bench/`));
    expect(listed.length).toBeGreaterThan(100);
    expect(listed.map(helperReason).filter((r) => r !== undefined)).toEqual([]);
  }, 60_000);

  it.skipIf(!existsSync(path.join(ROOT, "dist", "src")))("dist/ holds no test helper", () => {
    const files = walk(path.join(ROOT, "dist")).filter((f) => f.endsWith(".js"));
    expect(files.length).toBeGreaterThan(100);
    // a stale helper from an older build counts too: `rm -rf dist && make setup` rebuilds it clean
    expect(files.map(helperReason).filter((r) => r !== undefined)).toEqual([]);
  });
});
