import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { PHASE_NAMES, PROGRAM_NAMES } from "../../risk/prop-firm/program.js";
import { executionMode, requireBridgeForLive } from "../../runtime/execution-mode.js";
import { ftmoBots } from "../../runtime/ftmo/ftmo-bot-plan.js";
import { runFtmo } from "../../runtime/ftmo/ftmo-runner.js";
import type { CliIo } from "../io.js";
import { choiceOption, durationOption, numberOption, timeOption } from "../options.js";
import { untilStopped } from "../stop-signal.js";
import { databasePath } from "./kill-switch.js";

interface FtmoFlags {
  mode?: string;
  bridge?: string;
  ticks?: string;
  metricsPort?: string;
  metricsHost: string;
  turbo?: boolean;
  program: string;
  phase: string;
  initial: string;
  duration?: string;
  db?: string;
  bots?: string;
  seed: string;
  speed: string;
  start?: string;
}

export function registerFtmo(program: Command, io: CliIo): void {
  program
    .command("ftmo")
    .description(
      "run the six FTMO bots on the MT5 bridge (the simulated bridge when none is given), under the prop firm's rules",
    )
    .option("--mode <mode>", "paper, shadow or live (default: $EXECUTION_MODE, else paper)")
    .option(
      "--bridge <endpoint>",
      "the trade server (with --ticks); the runner starts the simulated bridge when absent",
    )
    .option("--ticks <endpoint>", "the price streamer")
    .option("--metrics-port <n>", "serve Prometheus metrics on this port (127.0.0.1)")
    .option("--metrics-host <host>", "address the metrics server binds to", "127.0.0.1")
    .option("--turbo", "evaluate bots that handle ticks on every tick, not only at bar closes")
    .option("--program <name>", `prop-firm program (${PROGRAM_NAMES.join(", ")})`, "ftmo-2step")
    .option("--phase <phase>", `phase (${PHASE_NAMES.join(", ")})`, "challenge")
    .option("--initial <n>", "initial balance (paper and shadow; the simulated bridge's account)", "100000")
    .option(
      "--duration <d>",
      "stop cleanly after this wall time (30s, 10m, 2h); until SIGINT/SIGTERM when absent",
    )
    .option(
      "--db <path>",
      "SQLite database (default $HYDRA_DB or data/hydra/hydra.db); the trade history and checkpoint sit beside it",
    )
    .option("--bots <list>", "run only these bots (comma-separated)")
    .option("--seed <n>", "simulated bridge: synthetic market seed", "1")
    .option("--speed <x>", "simulated bridge: market time per wall time", "1")
    .option("--start <iso>", "simulated bridge: the synthetic market's start (market time; default now)")
    .action(async (flags: FtmoFlags) => {
      if ((flags.bridge === undefined) !== (flags.ticks === undefined)) {
        throw new HydraError(
          "CLI_USAGE",
          "--bridge and --ticks go together (or neither, for the simulated bridge)",
          { field: "--bridge" },
        );
      }
      const mode =
        flags.mode === undefined
          ? executionMode(process.env.EXECUTION_MODE, "EXECUTION_MODE")
          : executionMode(flags.mode, "--mode");
      // live sends real orders: the bridge is never assumed (the simulated one is for paper and shadow)
      if (mode === "live") requireBridgeForLive(mode, flags.bridge);
      const durationMs = durationOption("--duration", flags.duration);
      await untilStopped(async (stopSignal) => {
        const summary = await runFtmo({
          mode,
          ...(flags.bridge === undefined || flags.ticks === undefined
            ? {}
            : { bridge: { rep: flags.bridge, pub: flags.ticks } }),
          bots: ftmoBots(
            flags.bots
              ?.split(",")
              .map((s) => s.trim())
              .filter((s) => s !== ""),
          ),
          program: choiceOption("--program", flags.program, PROGRAM_NAMES)!,
          phase: choiceOption("--phase", flags.phase, PHASE_NAMES)!,
          initial: numberOption("--initial", flags.initial, { positive: true })!,
          turbo: flags.turbo === true,
          ...(flags.metricsPort === undefined
            ? {}
            : { metricsPort: numberOption("--metrics-port", flags.metricsPort, { integer: true, min: 0 })! }),
          metricsHost: flags.metricsHost,
          dbPath: databasePath(flags.db, process.env),
          ...(durationMs === undefined ? {} : { durationMs }),
          seed: numberOption("--seed", flags.seed, { integer: true, min: 0 })!,
          speed: numberOption("--speed", flags.speed, { positive: true })!,
          ...(flags.start === undefined ? {} : { marketStartMs: timeOption("--start", flags.start)! }),
          env: process.env,
          log: (l) => io.out(`${l}\n`),
          stopSignal,
          onReady: (info) =>
            io.out(`ready: metrics ${info.metricsPort ?? "off"}, bridge ${info.bridge.rep}\n`),
        });
        io.out(`${JSON.stringify(summary)}\n`);
        if (summary.problems.length > 0) {
          for (const p of summary.problems) io.err(`hydra ftmo: ${p}\n`);
          process.exitCode = 1;
        }
      });
    });
}
