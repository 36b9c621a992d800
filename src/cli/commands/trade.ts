import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { TIMEFRAMES, type Timeframe } from "../../model/market-data.js";
import { DEFAULT_RISK_CONFIG } from "../../risk/risk-config.js";
import { DEFAULT_FEED_TIMEOUT_MS, runOnBridge } from "../../runtime/bridge-runner.js";
import {
  DEFAULT_BRIDGE_ENDPOINT,
  executionMode,
  requireBridgeForLive,
} from "../../runtime/execution-mode.js";
import { openNodeStores } from "../../runtime/node/node-stores.js";
import { instancePerSymbol, strategyDefinition, strategyNames } from "../../strategies/registry.js";
import { paramPairs } from "../../strategies/strategy-params.js";
import { nodeLogPath, teeNodeLog } from "../../telemetry/node-log.js";
import { apiSettings } from "../api-flags.js";
import { warnWideBinds } from "../bind-warning.js";
import { clientCurveFromEnv } from "../curve-env.js";
import type { CliIo } from "../io.js";
import { nodeSettings } from "../node-settings.js";
import { choiceOption, durationOption, endpointOption, numberOption } from "../options.js";
import { untilStopped } from "../stop-signal.js";

interface TradeFlags {
  mode?: string;
  config?: string;
  bridge?: string;
  ticks?: string;
  feedTimeout: string;
  symbols: string;
  strategy: string;
  param: string[];
  timeframe: string;
  cash: string;
  duration?: string;
  risk: boolean;
  db?: string;
  logFile?: string;
  apiPort?: string;
  apiHost?: string;
}

export function registerTrade(program: Command, io: CliIo): void {
  program
    .command("trade")
    .description(
      "trade on the MT5 bridge's live ticks: --mode paper (simulated venue), shadow (recorded, nothing sent) or live",
    )
    .option("--mode <mode>", "paper, shadow or live (default: $EXECUTION_MODE, else paper)")
    .option(
      "--bridge <endpoint>",
      `the trade server (paper, shadow: default ${DEFAULT_BRIDGE_ENDPOINT}; live: required, never assumed)`,
    )
    .option("--ticks <endpoint>", "the price streamer (default tcp://127.0.0.1:15556)")
    .option("--config <file>", "node configuration (YAML or JSON, see README): db, mode, bridge")
    .option("--symbols <list>", "comma-separated symbols", "XAUUSD")
    .option("--strategy <name>", `strategy, one per symbol (${strategyNames().join(", ")})`, "sma-cross")
    .option(
      "--param <key=value>",
      "strategy parameter (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--timeframe <tf>", `bar timeframe (${TIMEFRAMES.join(", ")})`, "M1")
    .option("--cash <n>", "balance of the simulated book (paper, shadow)", "100000")
    .option("--duration <d>", "stop after this wall time (30s, 10m, 2h); until Ctrl-C when absent")
    .option(
      "--feed-timeout <d>",
      "wall time the price feed may stay dead before the run stops with exit code 1",
      `${DEFAULT_FEED_TIMEOUT_MS / 1000}s`,
    )
    .option("--no-risk", "run without the risk layer")
    .option(
      "--db <path>",
      "the database holding the kill switch (guardian_state); default $HYDRA_DB or data/hydra/hydra.db",
    )
    .option(
      "--api-port <n>",
      "serve the HTTP API and the dashboard on this port (127.0.0.1; control with HYDRA_API_TOKEN)",
    )
    .option("--api-host <host>", "address the API binds to (default 127.0.0.1)")
    .option(
      "--log-file <path>",
      "structured JSON log, rotated at $HYDRA_LOG_MAX_BYTES (default <folder of --db>/logs/trade.log; none: off)",
    )
    .action(async (flags: TradeFlags) => {
      // a flag, then the environment, then the --config file, then the default
      const node = nodeSettings(flags, process.env);
      warnWideBinds(io, [["--api-host", flags.apiHost]]);
      const mode =
        flags.mode !== undefined
          ? executionMode(flags.mode, "--mode")
          : process.env.EXECUTION_MODE?.trim()
            ? executionMode(process.env.EXECUTION_MODE)
            : (node.file.mode ?? "paper");
      const symbols = flags.symbols
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      if (symbols.length === 0)
        throw new HydraError("CLI_USAGE", "--symbols needs at least one symbol", { field: "--symbols" });
      if (flags.bridge !== undefined) endpointOption("--bridge", flags.bridge);
      if (flags.ticks !== undefined) endpointOption("--ticks", flags.ticks);
      const bridge = requireBridgeForLive(mode, flags.bridge ?? node.file.bridge?.trade);
      const curve = clientCurveFromEnv(process.env);
      const definition = strategyDefinition(flags.strategy);
      const raw = paramPairs(flags.param);
      const durationMs = durationOption("--duration", flags.duration);
      const feedTimeoutMs = durationOption("--feed-timeout", flags.feedTimeout)!;
      const nodeLog = teeNodeLog({
        print: (l) => io.out(`${l}\n`),
        file: nodeLogPath(flags.logFile, node.db, "trade"),
        node: "trade",
        env: process.env,
      });
      // the control journal: in the SQLite file, or in PostgreSQL (HYDRA_DB_URL)
      const stores = openNodeStores(node.db, process.env, new LiveClock(), nodeLog.log);
      const summary = await untilStopped(async (stopSignal) => {
        const summary = await runOnBridge({
          mode,
          bridge,
          ticks: flags.ticks ?? node.file.bridge?.ticks ?? "tcp://127.0.0.1:15556",
          curve,
          symbols,
          strategy: instancePerSymbol(definition, raw, symbols),
          timeframe: choiceOption<Timeframe>("--timeframe", flags.timeframe, TIMEFRAMES)!,
          cash: numberOption("--cash", flags.cash, { positive: true })!,
          ...(flags.risk ? { riskConfig: DEFAULT_RISK_CONFIG } : {}),
          ...(durationMs === undefined ? {} : { durationMs }),
          feedTimeoutMs,
          killSwitchDb: node.db,
          controlJournal: stores.controlJournal(),
          ...((api) => (api === undefined ? {} : { api }))(apiSettings(flags, process.env)),
          env: process.env,
          log: nodeLog.log,
          stopSignal,
        });
        io.out(`${JSON.stringify(summary)}\n`);
        return summary;
      }).finally(() => {
        stores.close();
        nodeLog.close();
      });
      if (summary.failure !== null)
        throw new HydraError("RUN_FAILED", `trade stopped: ${summary.failure}`, { mode });
    });
}
