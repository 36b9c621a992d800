import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { dataDir } from "../../data/data-dir.js";
import { runConformance } from "../../runtime/peers/conformance-suite.js";
import { readReferenceData } from "../../runtime/peers/reference-files.js";
import type { CliIo } from "../io.js";

/**
 * `hydra conformance`: HYDRA against backtrader, backtesting.py and LEAN on their own reference data
 * (the folder's `reference/`), statistic by statistic. Exit 1 when any check fails or none ran: a
 * comparison that cannot fail is not a pass.
 */
export function registerConformance(program: Command, io: CliIo): void {
  program
    .command("conformance")
    .description("compare HYDRA with backtrader, backtesting.py and LEAN on their reference data")
    .option("--data-dir <dir>", "the shared data folder (default: $HYDRA_DATA_DIR, else ../shared/data)")
    .option("--json", "print one JSON object")
    .action((flags: { dataDir?: string; json?: boolean }) => {
      const checks = runConformance(readReferenceData(flags.dataDir ?? dataDir()));
      const failed = checks.filter((c) => !c.ok);
      if (flags.json) io.out(`${JSON.stringify({ checks, failed: failed.length })}\n`);
      else {
        for (const c of checks)
          io.out(
            `${c.ok ? "ok  " : "FAIL"}  ${c.peer.padEnd(14)} ${c.statistic.padEnd(40)} expected ${c.expected.slice(0, 40).padEnd(40)} measured ${c.measured.slice(0, 40).padEnd(40)} (${c.tolerance})\n`,
          );
        io.out(`${checks.length} checks, ${failed.length} failed\n`);
      }
      if (checks.length === 0 || failed.length > 0)
        throw new HydraError(
          "RUN_FAILED",
          checks.length === 0 ? "no conformance check ran" : `${failed.length} conformance checks failed`,
          { failed: failed.map((c) => `${c.peer}: ${c.statistic}`) },
        );
    });
}
