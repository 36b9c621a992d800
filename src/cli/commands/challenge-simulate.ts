import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { PHASE_NAMES, PROGRAM_NAMES } from "../../risk/prop-firm/program.js";
import { runSimulations } from "../../runtime/challenge-simulation/run-simulations.js";
import { assertReportPath, writeReport } from "../../runtime/report/write-report.js";
import type { CliIo } from "../io.js";
import { redisSaid } from "../queue-messages.js";
import { QUEUE_WAIT_HELP, queueOptions } from "../queue-options.js";
import { untilStopped } from "../stop-signal.js";
import { planSimulation, type SimulateFlags } from "./challenge-simulate-input.js";
import { simulationJson, simulationText, simulationView } from "./challenge-simulate-report.js";

/** `hydra challenge simulate`: Monte Carlo of a prop-firm challenge. */
export function registerChallengeSimulate(
  challenge: Command,
  io: CliIo,
  outcome: { exitCode: number },
): void {
  challenge
    .command("simulate")
    .description(
      "Monte Carlo a prop-firm challenge: parametric trades, or a trade list / daily P&L resampled",
    )
    .requiredOption("--program <name>", `program (${PROGRAM_NAMES.join(", ")})`)
    .option("--phase <phase>", `phase (${PHASE_NAMES.join(", ")}) or all, in order`, "all")
    .option("--win-rate <p>", "parametric: probability a trade wins (0..1)")
    .option("--payoff <r>", "parametric: a win's gain in units of the risk (a loss loses 1)")
    .option(
      "--risk-pct <x>",
      "parametric: risk a trade, % of the initial balance (of the current one with --compound)",
    )
    .option(
      "--trades-per-day <n>",
      "parametric: trades a day; a trade list without times: trades grouped per day",
      "1",
    )
    .option("--compound", "size on the current balance instead of the initial one")
    .option(
      "--trades <file>",
      "trade list: a backtest's --json output, a trade journal (JSONL) or a CSV with pnl",
    )
    .option("--daily <file>", "daily P&L: a CSV with a pnl column, one day a line")
    .option(
      "--method <m>",
      "with --trades or --daily: bootstrap (days, in blocks) or reshuffle (trade order)",
    )
    .option("--block <n>", "bootstrap: mean block length in days (default: chosen from the data)")
    .option("--initial <n>", "initial balance (default: the backtest's, else 100000)")
    .option("--max-days <n>", "a path not finished within N days (all phases) counts as not finished")
    .option("--paths <n>", "paths to simulate", "10000")
    .option("--seed <n>", "seed (the result depends on it and on --workers)", "1")
    .option("--workers <n>", "worker threads (default: the available cores)")
    .option(
      "--queue <url>",
      "run the --workers blocks of paths on `hydra worker` processes through this Redis (redis://host:port)",
    )
    .option("--queue-wait <s>", QUEUE_WAIT_HELP)
    .option("--fee <n>", "challenge fee: report the expected cost to get funded (fee / pass probability)")
    .option("--scan-risk", "parametric: also the pass probability at 0.25 % … 2 % risk a trade")
    .option("--json", "print one JSON object instead of the report")
    .option("--report <file.html>", "also write an HTML report: the pass probability and its distribution")
    .action(async (flags: SimulateFlags & { queue?: string; queueWait?: string }) => {
      if (flags.report !== undefined) assertReportPath(flags.report);
      const plan = planSimulation(flags);
      const specs = [plan.spec, ...(plan.scan ?? []).map((s) => s.spec)];
      const { queue, redisWaitMs } = queueOptions(flags);
      // the queue's modules (BullMQ, ioredis: ~100 ms of start) are loaded only with --queue
      const counts =
        queue === undefined
          ? await runSimulations(specs, plan.workers)
          : await import("../../runtime/queue/queue-sweeps.js").then(({ simulateOnQueue }) =>
              untilStopped((stop) =>
                simulateOnQueue(queue, specs, plan.workers, stop, {
                  onProgress: (p) =>
                    io.err(`${p.jobsDone}/${p.jobs} blocks done, ${p.workers} workers (${queue.shown})\n`),
                  onRedis: (s) => io.err(redisSaid(queue, s)),
                  ...(redisWaitMs === undefined ? {} : { redisWaitMs }),
                }).catch((e: unknown) => {
                  // nothing of it is kept: the same command starts it again
                  if (!(e instanceof HydraError) || e.details.redisLost !== true) throw e;
                  throw new HydraError(
                    "RUN_FAILED",
                    `${e.message}; challenge simulate keeps nothing: run the same command again once Redis answers (it starts over; the same --seed and --workers give the same result)`,
                    { field: "--queue" },
                  );
                }),
              ),
            );
      if (counts === "abandoned") {
        io.err(
          `challenge simulate interrupted while the queue's Redis at ${queue?.shown} was away: its jobs could not be removed (a Redis back with its data still holds them, and workers will run them to no use)\n`,
        );
        outcome.exitCode = 130;
        return;
      }
      if (counts === "stopped") {
        io.err("challenge simulate interrupted: its jobs were removed from the queue\n");
        outcome.exitCode = 130;
        return;
      }
      const [main, ...scan] = counts;
      if (flags.report !== undefined) {
        const { simulationReport } = await import("../../runtime/report/simulation-report.js");
        writeReport(flags.report, simulationReport(simulationView(plan, main!, scan)));
      }
      if (flags.json) io.out(`${JSON.stringify(simulationJson(plan, main!, scan))}\n`);
      else io.out(simulationText(plan, main!, scan));
    });
}
