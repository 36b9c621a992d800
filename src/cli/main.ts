import { Command, CommanderError } from "commander";
import { isHydraError } from "../core/errors.js";
import { registerAlerts } from "./commands/alerts.js";
import { registerBacktest } from "./commands/backtest.js";
import { registerBridge } from "./commands/bridge.js";
import { registerChallenge } from "./commands/challenge.js";
import { registerData } from "./commands/data.js";
import { registerDb } from "./commands/db.js";
import { registerDemo } from "./commands/demo.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerEngine } from "./commands/engine.js";
import { registerFtmo } from "./commands/ftmo.js";
import { registerHydraRun } from "./commands/hydra-run.js";
import { registerInfo } from "./commands/info.js";
import { registerKillSwitch } from "./commands/kill-switch.js";
import { registerLogs } from "./commands/logs.js";
import { registerPaper } from "./commands/paper.js";
import { registerSize } from "./commands/size.js";
import { registerStats } from "./commands/stats.js";
import { registerStatus } from "./commands/status.js";
import { registerTrade } from "./commands/trade.js";
import { loadDotEnv } from "./dotenv.js";
import { type CliIo, processIo } from "./io.js";

/** Builds the `hydra` command tree. Commands are thin: they parse flags and call runtime/. */
export function buildProgram(io: CliIo): { program: Command; outcome: { exitCode: number } } {
  const program = new Command("hydra")
    .description("HYDRA: one trading kernel for backtest, paper, shadow and live trading")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError();
  registerBacktest(program, io);
  registerPaper(program, io);
  registerSize(program, io);
  registerChallenge(program, io);
  registerInfo(program, io);
  registerKillSwitch(program, io);
  registerDb(program, io);
  registerEngine(program, io);
  registerBridge(program, io);
  registerTrade(program, io);
  registerFtmo(program, io);
  registerHydraRun(program, io);
  registerStats(program, io);
  registerDemo(program, io);
  registerData(program, io);
  registerLogs(program, io);
  registerAlerts(program, io);
  // a command whose verdict is its exit code (doctor: 1 when a check fails)
  const outcome = registerDoctor(program, io);
  // status too: 1 when a node is unreachable or not healthy
  registerStatus(program, io, outcome);
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  return { program, outcome };
}

/** Runs the CLI and returns the exit code: 0 ok, 2 bad input (usage, config, data), 1 a run that failed (RUN_FAILED, a failed doctor check) or anything unexpected. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const { program, outcome } = buildProgram(io);
  try {
    // secrets of the working directory's .env, under what the shell sets
    loadDotEnv(process.env);
    await program.parseAsync([...argv], { from: "user" });
    return outcome.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isHydraError(e)) {
      io.err(`hydra: ${e.message} [${e.code}]\n`);
      return e.code === "RUN_FAILED" ? 1 : 2;
    }
    io.err(`hydra: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
