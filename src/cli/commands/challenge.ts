import type { Command } from "commander";
import { toIsoUtc } from "../../core/time.js";
import { type ChallengeDay, ChallengeEvaluator } from "../../risk/prop-firm/challenge-evaluator.js";
import { PHASE_NAMES, PROGRAM_NAMES, propFirmProgram } from "../../risk/prop-firm/program.js";
import { readAccountHistory } from "../../risk/prop-firm/read-account-history.js";
import type { CliIo } from "../io.js";
import { choiceOption, numberOption } from "../options.js";
import { registerChallengeSimulate } from "./challenge-simulate.js";

interface CheckFlags {
  program: string;
  phase: string;
  initial: string;
  input: string;
  json?: boolean;
}

function dayJson(d: ChallengeDay) {
  return {
    day: d.dayKey,
    start: toIsoUtc(d.startMs),
    startBalance: d.startBalance,
    dailyFloor: d.dailyFloor,
    maxLossFloor: d.maxLossFloor,
    lowestEquity: d.lowestEquity,
    tradingDay: d.tradingDay,
    endBalance: d.endBalance,
  };
}

const money = (n: number): string => n.toFixed(2);

export function registerChallenge(
  program: Command,
  io: CliIo,
  outcome: { exitCode: number } = { exitCode: 0 },
): void {
  const challenge = program.command("challenge").description("prop-firm challenge rules (FTMO)");
  challenge
    .command("check")
    .description("replay an account history (JSONL snapshots) through a prop-firm program's rules")
    .requiredOption("--program <name>", `program (${PROGRAM_NAMES.join(", ")})`)
    .option("--phase <phase>", `phase (${PHASE_NAMES.join(", ")})`, "challenge")
    .requiredOption("--initial <n>", "initial balance of the account")
    .requiredOption(
      "--input <file.jsonl>",
      'one object a line: {"t": ISO, "balance": N, "equity": N, "opened"?: N}',
    )
    .option("--json", "print one JSON object instead of the table")
    .action((flags: CheckFlags) => {
      const name = choiceOption("--program", flags.program, PROGRAM_NAMES)!;
      const phase = choiceOption("--phase", flags.phase, PHASE_NAMES)!;
      const rules = propFirmProgram(name, phase);
      const initial = numberOption("--initial", flags.initial, { positive: true })!;
      const evaluator = new ChallengeEvaluator(rules, initial);
      for (const s of readAccountHistory(flags.input)) {
        if (evaluator.push(s).status !== "active") break;
      }
      const v = evaluator.verdict;
      const days = evaluator.days;
      if (flags.json) {
        const out = {
          program: name,
          phase,
          initial,
          target: evaluator.target,
          status: v.status,
          rule: v.rule,
          time: v.time === null ? null : toIsoUtc(v.time),
          equity: v.equity,
          floor: v.floor,
          tradingDays: evaluator.tradingDays,
          days: days.map(dayJson),
        };
        io.out(`${JSON.stringify(out)}\n`);
        return;
      }
      const lines = [
        `program ${name} (${phase}), initial ${money(initial)}, target ${money(evaluator.target)}`,
        "",
        "day          start balance  daily floor  max-loss floor  lowest equity  end balance  trading",
      ];
      for (const d of days) {
        lines.push(
          [
            d.dayKey.padEnd(10),
            money(d.startBalance).padStart(15),
            money(d.dailyFloor).padStart(12),
            money(d.maxLossFloor).padStart(15),
            money(d.lowestEquity).padStart(14),
            money(d.endBalance).padStart(12),
            d.tradingDay ? "  yes" : "  no",
          ].join(" "),
        );
      }
      lines.push("", `trading days: ${evaluator.tradingDays} (minimum ${rules.minTradingDays})`);
      const at = v.time === null ? "" : ` at ${toIsoUtc(v.time)}`;
      const why =
        v.status === "failed" ? ` (${v.rule}: equity ${money(v.equity!)} < floor ${money(v.floor!)})` : "";
      lines.push(`verdict: ${v.status.toUpperCase()}${at}${why}`);
      io.out(`${lines.join("\n")}\n`);
    });
  registerChallengeSimulate(challenge, io, outcome);
}
