import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { HydraError } from "../../core/errors.js";
import { writeFileAtomic } from "../../persistence/atomic-file.js";

/** Writes the report (whole or not at all); a path that cannot be written names `--report`. */
export function writeReport(file: string, html: string): void {
  try {
    writeFileAtomic(file, html);
  } catch (e) {
    throw new HydraError(
      "CLI_USAGE",
      `--report: cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`,
      { field: "--report" },
      e,
    );
  }
}

/** Fails early (before a long run) when the report's folder does not exist. */
export function assertReportPath(file: string): void {
  const dir = dirname(resolve(file));
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok)
    throw new HydraError("CLI_USAGE", `--report: cannot write ${file}: no folder ${dir}`, {
      field: "--report",
    });
}
