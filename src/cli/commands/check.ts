import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { TIMEFRAMES, type Timeframe } from "../../model/market-data.js";
import { checkTargets, type TargetChoice } from "../../runtime/bias-check/built-in-targets.js";
import { type LookaheadResult, lookaheadCheck } from "../../runtime/bias-check/lookahead-check.js";
import { type RecursionResult, recursionCheck } from "../../runtime/bias-check/recursion-check.js";
import { paramPairs } from "../../strategies/strategy-params.js";
import type { CliIo } from "../io.js";
import { choiceOption, numberOption } from "../options.js";
import { syntheticMarket, syntheticOptions } from "../synthetic-options.js";

interface DataFlags {
  strategy?: string[];
  param: string[];
  data?: string;
  format?: string;
  tz?: string;
  symbol?: string;
  timeframe: string;
  seed: string;
  start?: string;
  days: string;
  json?: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

function dataOptions(c: Command): Command {
  const withData = c
    .option("--strategy <name...>", "strategies to check (default: every built-in strategy and FTMO bot)")
    .option("--param <key=value>", "strategy parameter (repeatable)", collect, [])
    .option("--data <file>", "OHLCV CSV, HistData ASCII or tick CSV; the synthetic market when absent")
    .option("--format <fmt>", "auto, ohlcv, histdata or ticks", "auto")
    .option("--tz <zone>", "zone of naive timestamps in the file")
    .option("--symbol <s>", "instrument (default: each bot's symbols in the FTMO plan, XAUUSD for others)")
    .option("--timeframe <tf>", "bars the strategies see (ticks are folded into them)", "M1")
    .option("--json", "print one JSON object instead of the table");
  return syntheticOptions(withData, { days: 10, maxDays: 90 });
}

function targetChoice(flags: DataFlags): TargetChoice {
  return {
    ...(flags.strategy === undefined ? {} : { strategies: flags.strategy }),
    ...(flags.symbol === undefined ? {} : { symbol: flags.symbol }),
    timeframe: choiceOption<Timeframe>("--timeframe", flags.timeframe, TIMEFRAMES)!,
    params: paramPairs(flags.param),
    source: {
      ...(flags.data === undefined ? {} : { data: flags.data }),
      format:
        choiceOption("--format", flags.format, ["auto", "ohlcv", "histdata", "ticks"] as const) ?? "auto",
      ...(flags.tz === undefined ? {} : { tz: flags.tz }),
      synthetic: syntheticMarket(flags, 90),
    },
  };
}

function lookaheadText(results: readonly LookaheadResult[]): string {
  const lines = ["strategy                              bars  signal bars  re-run  result"];
  for (const r of results) {
    lines.push(
      `${r.label.padEnd(36)} ${String(r.bars).padStart(6)} ${String(r.signalBars).padStart(12)} ${String(r.checked).padStart(7)}  ${r.passed ? "pass" : `LOOKAHEAD (${r.findings.length} changed)`}`,
    );
    for (const f of r.findings.slice(0, 5))
      lines.push(`    ${f.bar} ${f.kind} ${f.name}: all data ${f.full} / cut at the bar ${f.cut}`);
  }
  const bad = results.filter((r) => !r.passed).length;
  lines.push(
    "",
    bad === 0
      ? "no lookahead: every signal and indicator is the same with the data cut at its bar"
      : `${bad} of ${results.length} with lookahead bias`,
  );
  return `${lines.join("\n")}\n`;
}

function recursionText(results: readonly RecursionResult[]): string {
  const lines = [
    "strategy                             warm-up bars → largest relative difference at the last bar",
  ];
  for (const r of results) {
    const cells = r.startups.map(
      (s) => `${s.bars}: ${s.maxDifference.toExponential(1)}${s.worst === null ? "" : ` (${s.worst})`}`,
    );
    lines.push(
      `${r.label.padEnd(36)} ${cells.join(", ") || "(data shorter than every warm-up)"}  ${r.passed ? "pass" : "RECURSION"}`,
    );
    for (const f of r.findings.slice(0, 5)) lines.push(`    ${f.name}: all data ${f.full} / ${f.cut}`);
  }
  const bad = results.filter((r) => !r.passed).length;
  lines.push(
    "",
    bad === 0
      ? `indicators settle: the same (within ${results[0]?.tolerance ?? 0}) after each warm-up as on all the data`
      : `${bad} of ${results.length} whose indicators depend on the warm-up`,
  );
  return `${lines.join("\n")}\n`;
}

/** `hydra check lookahead|recursion`: freqtrade's bias checks, for every built-in strategy and bot. */
export function registerCheck(program: Command, io: CliIo, outcome: { exitCode: number }): void {
  const check = program
    .command("check")
    .description("bias checks of the strategies: lookahead (future data) and recursion (warm-up)");
  dataOptions(
    check
      .command("lookahead")
      .description(
        "re-run each signal with the data cut at the signal's bar; report any signal or indicator value that changes (exit 1)",
      ),
  )
    .option("--max-signals <n>", "re-run at most N signal bars per strategy, evenly spread", "100")
    .action((flags: DataFlags & { maxSignals: string }) => {
      const maxSignals = numberOption("--max-signals", flags.maxSignals, { integer: true, positive: true })!;
      const results = checkTargets(targetChoice(flags)).map((t) => lookaheadCheck(t, { maxSignals }));
      io.out(flags.json ? `${JSON.stringify({ check: "lookahead", results })}\n` : lookaheadText(results));
      outcome.exitCode = results.every((r) => r.passed) ? 0 : 1;
    });
  dataOptions(
    check
      .command("recursion")
      .description(
        "compare each strategy's indicators at the last bar computed from all the data and from shorter warm-ups (exit 1 when they differ)",
      ),
  )
    .option("--startup <bars>", "warm-up lengths in bars, comma-separated", "2880,4320")
    .option("--tolerance <x>", "largest relative difference that counts as the same", "1e-9")
    .action((flags: DataFlags & { startup: string; tolerance: string }) => {
      const startups = flags.startup
        .split(",")
        .map((s) => numberOption("--startup", s.trim(), { integer: true, positive: true })!);
      if (startups.length === 0)
        throw new HydraError("CLI_USAGE", "--startup needs at least one length", { field: "--startup" });
      const tolerance = numberOption("--tolerance", flags.tolerance, { min: 0 })!;
      const results = checkTargets(targetChoice(flags)).map((t) =>
        recursionCheck(t, { startups, tolerance }),
      );
      io.out(flags.json ? `${JSON.stringify({ check: "recursion", results })}\n` : recursionText(results));
      outcome.exitCode = results.every((r) => r.passed) ? 0 : 1;
    });
}
