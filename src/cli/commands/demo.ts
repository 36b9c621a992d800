import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { offlineEngines } from "../../hydra/offline/index.js";
import { SqliteHydraJournal } from "../../persistence/sqlite-hydra-journal.js";
import { ftmoBots } from "../../runtime/ftmo/ftmo-bot-plan.js";
import { demoMarketStart } from "../../runtime/ftmo/demo-market-start.js";
import { runFtmo } from "../../runtime/ftmo/ftmo-runner.js";
import { hydraMode, runHydra } from "../../runtime/hydra-run.js";
import type { CliIo } from "../io.js";
import { durationOption, numberOption } from "../options.js";
import { untilStopped } from "../stop-signal.js";
import { databasePath } from "./kill-switch.js";

/** `make run`: both halves on the embedded default, in one process, with prefixed logs. */
export function registerDemo(program: Command, io: CliIo): void {
  program
    .command("demo")
    .description(
      "both halves on the embedded default: the HYDRA engines on the synthetic market and the FTMO bots on the simulated bridge (paper, no keys, no network)",
    )
    .option("--speed <x>", "market time per wall time", "60")
    .option("--duration <d>", "stop after this wall time; until Ctrl-C when absent")
    .option("--metrics-port <n>", "the FTMO runner's Prometheus metrics", "9100")
    .option("--db <path>", "SQLite database (default $HYDRA_DB or data/hydra/hydra.db)")
    .action(async (flags: { speed: string; duration?: string; metricsPort: string; db?: string }) => {
      const speed = numberOption("--speed", flags.speed, { positive: true })!;
      const durationMs = durationOption("--duration", flags.duration) ?? Number.POSITIVE_INFINITY;
      const db = databasePath(flags.db, process.env);
      const journal = SqliteHydraJournal.open(db);
      try {
        await untilStopped(async (stopSignal) => {
          const [hydra, ftmo] = await Promise.all([
            runHydra({
              engines: offlineEngines(),
              assets: ["BTC-USD", "ETH-USD", "SOL-USD"],
              mode: hydraMode(process.env),
              cycleMs: 5 * 60_000,
              cash: 25_000,
              seed: 1,
              speed,
              durationMs,
              timeoutMs: 30_000,
              journal,
              // the HYDRA half halts on the kill switch too (KILL_SWITCH or guardian_state in --db)
              killSwitchDb: db,
              env: process.env,
              log: (l) => io.out(`[hydra] ${l}\n`),
              stopSignal,
            }),
            runFtmo({
              mode: "paper",
              bots: ftmoBots(),
              program: "ftmo-2step",
              phase: "challenge",
              initial: 100_000,
              turbo: false,
              metricsPort: numberOption("--metrics-port", flags.metricsPort, { integer: true, min: 0 })!,
              dbPath: db,
              durationMs,
              speed,
              // the simulated market opens in a trading session, so the bots trade in the first minute
              marketStartMs: demoMarketStart(new LiveClock().now()),
              env: process.env,
              log: (l) => io.out(`[ftmo]  ${l}\n`),
              stopSignal,
            }),
          ]);
          io.out(`${JSON.stringify({ hydra: { cycles: hydra.cycles, equity: hydra.equity }, ftmo })}\n`);
        });
      } finally {
        journal.close();
      }
    });
}
