import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { TIMEFRAMES, type Timeframe } from "../../model/market-data.js";
import { DEFAULT_RISK_CONFIG } from "../../risk/risk-config.js";
import { runPaper } from "../../runtime/paper.js";
import { instancePerSymbol, strategyDefinition, strategyNames } from "../../strategies/registry.js";
import { paramPairs } from "../../strategies/strategy-params.js";
import type { CliIo } from "../io.js";
import { nodeSettings } from "../node-settings.js";
import { choiceOption, durationOption, numberOption } from "../options.js";
import { untilStopped } from "../stop-signal.js";

interface PaperFlags {
  risk: boolean;
  killMode: string;
  db?: string;
  symbols: string;
  strategy: string;
  param: string[];
  timeframe: string;
  cash: string;
  config?: string;
  seed?: string;
  start?: string;
  speed?: string;
  duration?: string;
  statusEvery: string;
}

export function registerPaper(program: Command, io: CliIo): void {
  program
    .command("paper")
    .description(
      "paper-trade on the seeded synthetic market through the trading kernel (no keys, no network)",
    )
    .option("--symbols <list>", "comma-separated symbols", "XAUUSD,EURUSD,BTC-USD")
    .option(
      "--strategy <name>",
      `strategy, one instance per symbol (${strategyNames().join(", ")})`,
      "sma-cross",
    )
    .option(
      "--param <key=value>",
      "strategy parameter (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--timeframe <tf>", `bar timeframe (${TIMEFRAMES.join(", ")})`, "M1")
    .option("--cash <n>", "initial balance", "100000")
    .option("--config <file>", "node configuration (YAML or JSON, see README): db, market")
    .option("--seed <n>", "synthetic market seed (default 1)")
    .option("--start <iso>", "the synthetic market's start (market time; default now)")
    .option("--speed <x>", "market time per wall time (1 = real time; default 1)")
    .option("--duration <d>", "stop after this wall time (30s, 10m, 2h); until Ctrl-C when absent")
    .option("--status-every <d>", "wall time between status lines", "10s")
    .option("--no-risk", "run without the risk layer (by default: pre-trade rules and the guardian)")
    .option(
      "--kill-mode <mode>",
      "what the kill switch or a tripped guardian does to open positions: freeze or close",
      "freeze",
    )
    .option(
      "--db <path>",
      "the database holding the kill switch (guardian_state); default $HYDRA_DB or data/hydra/hydra.db",
    )
    .action(async (flags: PaperFlags) => {
      const node = nodeSettings(flags, process.env);
      const symbols = flags.symbols
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      if (symbols.length === 0)
        throw new HydraError("CLI_USAGE", "--symbols needs at least one symbol", { field: "--symbols" });
      const definition = strategyDefinition(flags.strategy);
      const raw = paramPairs(flags.param);
      const timeframe = choiceOption<Timeframe>("--timeframe", flags.timeframe, TIMEFRAMES)!;
      const killMode = choiceOption("--kill-mode", flags.killMode, ["freeze", "close"] as const)!;
      const durationMs = durationOption("--duration", flags.duration);
      await untilStopped(async (stopSignal) => {
        const summary = await runPaper({
          ...(flags.risk ? { riskConfig: { ...DEFAULT_RISK_CONFIG, killMode } } : {}),
          killSwitchDb: node.db,
          env: process.env,
          symbols,
          strategy: instancePerSymbol(definition, raw, symbols),
          timeframe,
          cash: numberOption("--cash", flags.cash, { positive: true })!,
          seed: node.seed ?? 1,
          ...(node.marketStartMs === undefined ? {} : { marketStartMs: node.marketStartMs }),
          speed: node.speed ?? 1,
          durationMs: durationMs ?? Number.POSITIVE_INFINITY,
          statusEveryMs: durationOption("--status-every", flags.statusEvery)!,
          log: (line) => io.out(`${line}\n`),
          stopSignal,
        });
        io.out(`${JSON.stringify(summary)}\n`);
      });
    });
}
