import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { killSwitchFromEnv } from "../../risk/kill-switch/kill-switch-env.js";
import {
  PHASE_NAMES,
  type PhaseName,
  PROGRAM_NAMES,
  type ProgramName,
} from "../../risk/prop-firm/program.js";
import { NodeAlerts } from "../../runtime/alerts/node-alerts.js";
import { executionMode, requireBridgeForLive } from "../../runtime/execution-mode.js";
import { ftmoBots } from "../../runtime/ftmo/ftmo-bot-plan.js";
import { runFtmo } from "../../runtime/ftmo/ftmo-runner.js";
import { loadNodeConfig } from "../../runtime/node/node-config.js";
import { openNodeStores } from "../../runtime/node/node-stores.js";
import { nodeLogPath, teeNodeLog } from "../../telemetry/node-log.js";
import { apiSettings } from "../api-flags.js";
import { warnWideBinds } from "../bind-warning.js";
import { clientCurveFromEnv } from "../curve-env.js";
import type { CliIo } from "../io.js";
import { nodeSettings } from "../node-settings.js";
import { choiceOption, durationOption, endpointOption, numberOption, portOption } from "../options.js";
import { processMetrics } from "../process-metrics.js";
import { untilStopped } from "../stop-signal.js";

interface FtmoFlags {
  logFile?: string;
  config?: string;
  mode?: string;
  bridge?: string;
  ticks?: string;
  metricsPort?: string;
  metricsHost?: string;
  apiPort?: string;
  apiHost?: string;
  turbo?: boolean;
  program?: string;
  phase?: string;
  initial?: string;
  duration?: string;
  db?: string;
  bots?: string;
  seed?: string;
  speed?: string;
  start?: string;
}

const list = (text: string | undefined): string[] | undefined =>
  text
    ?.split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

export function registerFtmo(program: Command, io: CliIo): void {
  program
    .command("ftmo")
    .description(
      "run the six FTMO bots on the MT5 bridge (the simulated bridge when none is given), under the prop firm's rules, until stopped",
    )
    .option("--config <file>", "node configuration (YAML or JSON, see README); flags and environment win")
    .option("--mode <mode>", "paper, shadow or live (default: $EXECUTION_MODE, else paper)")
    .option(
      "--bridge <endpoint>",
      "the trade server (with --ticks); the runner starts the simulated bridge when absent",
    )
    .option("--ticks <endpoint>", "the price streamer")
    .option("--metrics-port <n>", "serve Prometheus metrics on this port (127.0.0.1)")
    .option("--metrics-host <host>", "address the metrics server binds to (default 127.0.0.1)")
    .option(
      "--api-port <n>",
      "serve the HTTP API (/api/v1: status, account, positions, challenge, …; control with HYDRA_API_TOKEN) on this port",
    )
    .option("--api-host <host>", "address the API binds to (default 127.0.0.1)")
    .option("--turbo", "evaluate bots that handle ticks on every tick, not only at bar closes")
    .option("--program <name>", `prop-firm program (${PROGRAM_NAMES.join(", ")}; default ftmo-2step)`)
    .option("--phase <phase>", `phase (${PHASE_NAMES.join(", ")}; default challenge)`)
    .option(
      "--initial <n>",
      "initial balance (paper and shadow; the simulated bridge's account; default 100000)",
    )
    .option(
      "--duration <d>",
      "stop cleanly after this wall time (30s, 10m, 2h); until SIGINT/SIGTERM when absent",
    )
    .option(
      "--db <path>",
      "SQLite database (default $HYDRA_DB or data/hydra/hydra.db); the checkpoint and trade history are <db>.ftmo-*",
    )
    .option("--bots <list>", "run only these bots (comma-separated)")
    .option("--seed <n>", "simulated bridge: synthetic market seed (default 1)")
    .option("--speed <x>", "simulated bridge: market time per wall time (default 1)")
    .option("--start <iso>", "simulated bridge: the synthetic market's start (market time; default now)")
    .option(
      "--log-file <path>",
      "structured JSON log, rotated at $HYDRA_LOG_MAX_BYTES (default <folder of --db>/logs/ftmo.log; none: off)",
    )
    .action(async (flags: FtmoFlags) => {
      const node = nodeSettings(flags, process.env);
      warnWideBinds(io, [
        ["--metrics-host", flags.metricsHost ?? node.file.metrics?.host],
        ["--api-host", flags.apiHost],
      ]);
      // the environment is checked before anything starts (KILL_SWITCH=maybe is refused, not ignored)
      killSwitchFromEnv(process.env);
      const file = node.file;
      if ((flags.bridge === undefined) !== (flags.ticks === undefined)) {
        throw new HydraError(
          "CLI_USAGE",
          "--bridge and --ticks go together (or neither, for the simulated bridge)",
          { field: "--bridge" },
        );
      }
      // a flag, then the environment, then the config file, then the default
      const mode =
        flags.mode !== undefined
          ? executionMode(flags.mode, "--mode")
          : process.env.EXECUTION_MODE?.trim()
            ? executionMode(process.env.EXECUTION_MODE, "EXECUTION_MODE")
            : (file.mode ?? "paper");
      const bridge =
        flags.bridge !== undefined && flags.ticks !== undefined
          ? { rep: endpointOption("--bridge", flags.bridge), pub: endpointOption("--ticks", flags.ticks) }
          : file.bridge === undefined
            ? undefined
            : { rep: file.bridge.trade, pub: file.bridge.ticks };
      // live sends real orders: the bridge is never assumed (the simulated one is for paper and shadow)
      if (mode === "live") requireBridgeForLive(mode, bridge?.rep);
      const curve = clientCurveFromEnv(process.env);
      const durationMs = durationOption("--duration", flags.duration);
      const metricsPort = portOption("--metrics-port", flags.metricsPort) ?? file.metrics?.port;
      const { db, marketStartMs } = node;
      const nodeLog = teeNodeLog({
        print: (l) => io.out(`${l}\n`),
        file: nodeLogPath(flags.logFile, db, "ftmo"),
        node: "ftmo",
        env: process.env,
      });
      // the journal, checkpoint, outbox…: in the SQLite file, or in PostgreSQL (HYDRA_DB_URL)
      const stores = openNodeStores(db, process.env, new LiveClock(), nodeLog.log);
      // alerts to the channels the environment configures (Telegram, SMS, email), Telegram commands
      const alerts = new NodeAlerts({
        stores,
        env: process.env,
        ...(file.alerts === undefined ? {} : { routing: file.alerts }),
        wall: new LiveClock(),
        log: nodeLog.log,
      });
      await untilStopped(async (stopSignal) => {
        const summary = await runFtmo({
          alerts,
          ...(file.alerts?.noTicksS === undefined ? {} : { noTicksS: file.alerts.noTicksS }),
          mode,
          ...(bridge === undefined ? {} : { bridge, curve }),
          bots: ftmoBots(list(flags.bots) ?? file.ftmo?.bots),
          program: (choiceOption("--program", flags.program, PROGRAM_NAMES) ??
            file.ftmo?.program ??
            "ftmo-2step") as ProgramName,
          phase: (choiceOption("--phase", flags.phase, PHASE_NAMES) ??
            file.ftmo?.phase ??
            "challenge") as PhaseName,
          initial:
            numberOption("--initial", flags.initial, { positive: true }) ?? file.ftmo?.initial ?? 100_000,
          turbo: flags.turbo === true || file.ftmo?.turbo === true,
          ...(metricsPort === undefined ? {} : { metricsPort }),
          metricsHost: flags.metricsHost ?? file.metrics?.host ?? "127.0.0.1",
          moreMetrics: [processMetrics("ftmo", alerts)],
          ...((api) =>
            api === undefined
              ? {}
              : {
                  apiPort: api.port,
                  ...(api.host === undefined ? {} : { apiHost: api.host }),
                  ...(api.token === undefined ? {} : { apiToken: api.token }),
                })(apiSettings(flags, process.env)),
          // reload config (the API): the bots the --config file lists now; the others stop their entries
          ...(flags.config === undefined
            ? {}
            : {
                configuredBots: () =>
                  ftmoBots(loadNodeConfig(flags.config!).ftmo?.bots).map((b) => b.strategy.name),
              }),
          dbPath: db,
          stores,
          ...(durationMs === undefined ? {} : { durationMs }),
          seed: node.seed ?? 1,
          speed: node.speed ?? 1,
          ...(marketStartMs === undefined ? {} : { marketStartMs }),
          env: process.env,
          log: nodeLog.log,
          stopSignal,
          onReady: (info) =>
            io.out(
              `ready: metrics ${info.metricsPort ?? "off"}, api ${info.apiPort ?? "off"}, bridge ${info.bridge.rep}\n`,
            ),
        });
        io.out(`${JSON.stringify(summary)}\n`);
        // a live node that could not stop cleanly says why and exits 1
        if (summary.problems.length > 0)
          throw new HydraError("RUN_FAILED", `ftmo stopped with: ${summary.problems.join("; ")}`, {
            problems: summary.problems,
          });
      }).finally(async () => {
        await alerts.close();
        stores.close();
        nodeLog.close();
      });
    });
}
