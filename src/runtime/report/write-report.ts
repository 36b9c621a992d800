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
