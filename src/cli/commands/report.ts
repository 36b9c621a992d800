import { existsSync } from "node:fs";
import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { loadTradeLog } from "../../persistence/jsonl-trade-log.js";
import { PHASE_NAMES, PROGRAM_NAMES, propFirmProgram } from "../../risk/prop-firm/program.js";
import { journalReport } from "../../runtime/report/journal-report.js";
import { writeReport } from "../../runtime/report/write-report.js";
import type { CliIo } from "../io.js";
import { choiceOption, numberOption } from "../options.js";

interface ReportFlags {
  journal: string;
  report: string;
  initial: string;
  program: string;
  phase: string;
}

/** `hydra report --journal FILE --report FILE.html`: a live account's HTML report from its trade journal. */
export function registerReport(program: Command, io: CliIo): void {
  program
    .command("report")
    .description("an account's HTML report from its trade journal (hydra ftmo's <db>.ftmo-trades.jsonl)")
    .requiredOption("--journal <file.jsonl>", "the trade journal: one closed trade a line")
    .requiredOption("--report <file.html>", "the HTML report to write (one self-contained file)")
    .option("--initial <n>", "the account's initial balance", "100000")
    .option(
      "--program <name>",
      `prop-firm program for the floors and the verdict (${PROGRAM_NAMES.join(", ")})`,
      "ftmo-2step",
    )
    .option("--phase <phase>", `phase (${PHASE_NAMES.join(", ")})`, "challenge")
    .action((flags: ReportFlags) => {
      const rules = propFirmProgram(
        choiceOption("--program", flags.program, PROGRAM_NAMES)!,
        choiceOption("--phase", flags.phase, PHASE_NAMES)!,
      );
      const initial = numberOption("--initial", flags.initial, { positive: true })!;
      if (!existsSync(flags.journal))
        throw new HydraError("DATA_NOT_FOUND", `--journal: ${flags.journal} does not exist`, {
          field: "--journal",
        });
      const { records, errors, torn } = loadTradeLog(flags.journal);
      // a torn last line is an append a crash interrupted: that trade never closed in the journal
      const bad = torn ? errors.slice(0, -1) : errors;
      if (bad.length > 0) throw bad[0]!;
      if (records.length === 0)
        throw new HydraError("DATA_NOT_FOUND", `${flags.journal}: no closed trades in the journal`, {
          field: "--journal",
        });
      writeReport(flags.report, journalReport(records, { origin: flags.journal, program: rules, initial }));
      io.out(`wrote ${flags.report}: ${records.length} trades\n`);
    });
}
