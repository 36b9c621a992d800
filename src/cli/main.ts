import { Command, CommanderError } from "commander";
import { isHydraError } from "../core/errors.js";
import { loadDotEnv } from "./dotenv.js";
import { type CliIo, processIo } from "./io.js";

type Outcome = { exitCode: number };
/** Registers a command module's commands; a command whose verdict is its exit code returns where it says it. */
type Register = (program: Command, io: CliIo, outcome: Outcome) => unknown;

interface CommandEntry {
  /** the top-level commands the module registers, each with its line for `hydra --help` (its own --help has its full description and options) */
  names: Readonly<Record<string, string>>;
  load: () => Promise<Register>;
}

/**
 * Every command, loaded only when it runs: `hydra size …` imports the size command's modules and nothing
 * else (the AI SDK, ccxt, ZeroMQ, the HTTP server stay unloaded), and `hydra --help` imports none.
 * `src/cli/main.test.ts` checks that each entry's module registers exactly the names listed here.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    names: { backtest: "run a strategy (or the engines) over history" },
    load: async () => (await import("./commands/backtest.js")).registerBacktest,
  },
  {
    names: { paper: "paper trading on the synthetic market" },
    load: async () => (await import("./commands/paper.js")).registerPaper,
  },
  {
    names: { size: "position size for a risk, an entry and a stop" },
    load: async () => (await import("./commands/size.js")).registerSize,
  },
  {
    names: { challenge: "prop-firm challenge rules (FTMO)" },
    load: async () => (await import("./commands/challenge.js")).registerChallenge,
  },
  {
    names: { instruments: "the default contract specs", strategies: "the strategies and their parameters" },
    load: async () => (await import("./commands/info.js")).registerInfo,
  },
  {
    names: { "kill-switch": "the shared kill switch: on, off, status" },
    load: async () => {
      const { registerKillSwitch } = await import("./commands/kill-switch.js");
      return (program, io) => registerKillSwitch(program, io);
    },
  },
  {
    names: { db: "the database: which processes hold it, a consistent backup, PostgreSQL migrations" },
    load: async () => (await import("./commands/db.js")).registerDb,
  },
  {
    names: { engine: "pause or resume an engine of a running hydra run" },
    load: async () => {
      const { registerEngine } = await import("./commands/engine.js");
      return (program, io) => registerEngine(program, io);
    },
  },
  {
    names: { bridge: "the MetaTrader 5 bridge: the simulated one, CurveZMQ keys" },
    load: async () => (await import("./commands/bridge.js")).registerBridge,
  },
  {
    names: { trade: "one strategy on the MT5 bridge (paper, shadow, live)" },
    load: async () => (await import("./commands/trade.js")).registerTrade,
  },
  {
    names: { ftmo: "the FTMO bots on one account, until stopped" },
    load: async () => (await import("./commands/ftmo.js")).registerFtmo,
  },
  {
    names: { run: "the HYDRA engines' tournament, until stopped" },
    load: async () => (await import("./commands/hydra-run.js")).registerHydraRun,
  },
  {
    names: { stats: "engine performance, trades, the leaderboard from the database" },
    load: async () => (await import("./commands/stats.js")).registerStats,
  },
  {
    names: { demo: "both halves on the embedded default (make run)" },
    load: async () => (await import("./commands/demo.js")).registerDemo,
  },
  {
    names: { data: "market data: download bars" },
    load: async () => {
      const { registerData } = await import("./commands/data.js");
      return (program, io) => registerData(program, io);
    },
  },
  {
    names: { logs: "a node's log records" },
    load: async () => (await import("./commands/logs.js")).registerLogs,
  },
  {
    names: { alerts: "recent alerts and their delivery; a test message" },
    load: async () => (await import("./commands/alerts.js")).registerAlerts,
  },
  {
    names: { conformance: "reproduce backtrader, backtesting.py and LEAN" },
    load: async () => (await import("./commands/conformance.js")).registerConformance,
  },
  {
    names: { optimize: "walk-forward parameter search with overfitting guards" },
    load: async () => (await import("./commands/optimize.js")).registerOptimize,
  },
  {
    names: { check: "bias checks of the strategies: lookahead, recursion" },
    load: async () => (await import("./commands/check.js")).registerCheck,
  },
  {
    names: { report: "an account's HTML report from its trade journal" },
    load: async () => (await import("./commands/report.js")).registerReport,
  },
  {
    names: { worker: "run the jobs of sweeps queued with --queue, until stopped" },
    load: async () => {
      const { registerWorker } = await import("./commands/worker.js");
      return (program, io) => registerWorker(program, io);
    },
  },
  {
    names: { doctor: "check the MT5 bridge and say what to fix" },
    load: async () => (await import("./commands/doctor.js")).registerDoctor,
  },
  {
    names: { status: "one screen of each running node" },
    load: async () => (await import("./commands/status.js")).registerStatus,
  },
];

/** The entry whose command argv names (`hydra help X` too), if any. */
function entryFor(argv: readonly string[]): CommandEntry | undefined {
  const first = argv[0] === "help" ? argv[1] : argv[0];
  return COMMANDS.find((c) => first !== undefined && Object.hasOwn(c.names, first));
}

/**
 * Builds the `hydra` command tree: the command argv names, fully (its options and subcommands); or, for
 * `hydra --help` and anything else, every command by its name and summary only. `all`: every command
 * fully (tests). Commands are thin: they parse flags and call runtime/.
 */
export async function buildProgram(
  io: CliIo,
  argv: readonly string[] = [],
  all = false,
): Promise<{ program: Command; outcome: Outcome }> {
  const program = new Command("hydra")
    .description("HYDRA: one trading kernel for backtest, paper, shadow and live trading")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError();
  let outcome: Outcome = { exitCode: 0 };
  const wanted = entryFor(argv);
  for (const entry of COMMANDS) {
    if (all || entry === wanted) {
      const register = await entry.load();
      const said = register(program, io, outcome);
      if (typeof said === "object" && said !== null && "exitCode" in said) outcome = said as Outcome;
    } else if (wanted === undefined)
      for (const [name, summary] of Object.entries(entry.names)) program.command(name).description(summary);
  }
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  return { program, outcome };
}

/** Runs the CLI and returns the exit code: 0 ok, 2 bad input (usage, config, data), 1 a run that failed (RUN_FAILED, a failed doctor check) or anything unexpected. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const { program, outcome } = await buildProgram(io, argv);
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
