import { statSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { defaultCacheDir } from "../../data/cache/cached-read.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import { TIMEFRAMES, type Timeframe } from "../../model/market-data.js";
import { postgresUrlFromEnv, redactDbUrl } from "../../persistence/postgres/db-url.js";
import { PostgresOptimizeStore } from "../../persistence/postgres/postgres-optimize-store.js";
import { SqliteOptimizeStore } from "../../persistence/sqlite-optimize-store.js";
import { OBJECTIVES } from "../../research/optimize-analysis.js";
import { gridSize, parseRange } from "../../research/param-space.js";
import { loadMarket } from "../../runtime/load-market.js";
import { nodeIdentity } from "../../runtime/node/shared-stores.js";
import { runOptimize } from "../../runtime/optimize/run-optimize.js";
import { assertReportPath, writeReport } from "../../runtime/report/write-report.js";
import { strategyDefinition, strategyNames } from "../../strategies/registry.js";
import { paramPairs, parseParams } from "../../strategies/strategy-params.js";
import type { CliIo } from "../io.js";
import { choiceOption, numberOption } from "../options.js";
import { redisSaid } from "../queue-messages.js";
import { QUEUE_WAIT_HELP, queueOptions } from "../queue-options.js";
import { untilStopped } from "../stop-signal.js";
import { syntheticMarket, syntheticOptions } from "../synthetic-options.js";
import { workersOption } from "../workers-option.js";
import { databasePath } from "./kill-switch.js";
import { optimizeText } from "./optimize-report.js";

interface OptimizeFlags {
  strategy: string;
  param: string[];
  range: string[];
  sampler: string;
  trials: string;
  sampleSeed: string;
  windows: string;
  inSampleRatio: string;
  walkForward: string;
  objective: string;
  minTrades: string;
  cscvBlocks: string;
  heatMap?: string;
  workers?: string;
  queue?: string;
  jobSize?: string;
  queueWait?: string;
  db?: string;
  resume?: string;
  json?: boolean;
  report?: string;
  data?: string;
  cache: boolean;
  format: string;
  tz?: string;
  shift?: string;
  symbol?: string;
  timeframe?: string;
  cash: string;
  spread: string;
  slippage: string;
  contractSize?: string;
  commissionPerLot?: string;
  dayTz: string;
  seed: string;
  start: string;
  days: string;
}

const repeat = (v: string, acc: string[]): string[] => [...acc, v];

/** `hydra optimize`: walk-forward parameter search with the overfitting guards. */
export function registerOptimize(program: Command, io: CliIo, outcome: { exitCode: number }): void {
  const command = program
    .command("optimize")
    .description(
      "search a strategy's parameters with walk-forward evaluation and overfitting guards (deflated Sharpe, PBO by CSCV, stability map, out-of-sample degradation); resumable",
    )
    .option("--strategy <name>", `strategy (${strategyNames().join(", ")})`, "sma-cross")
    .option(
      "--range <name=spec>",
      "a searched parameter: name=lo:hi:step or name=a,b,c (repeatable)",
      repeat,
      [],
    )
    .option("--param <key=value>", "a parameter held fixed (repeatable)", repeat, [])
    .option("--sampler <s>", "grid (every point) or random (--trials points of the grid)", "grid")
    .option("--trials <n>", "random: points drawn from the grid", "50")
    .option("--sample-seed <n>", "random: seed of the draw", "1")
    .option("--windows <n>", "walk-forward windows (out-of-sample tests)", "4")
    .option("--in-sample-ratio <r>", "in-sample length ÷ out-of-sample length", "3")
    .option(
      "--walk-forward <mode>",
      "rolling (a fixed in-sample length) or anchored (from the start)",
      "rolling",
    )
    .option(
      "--objective <o>",
      `what is maximised (${OBJECTIVES.join(", ")}): annualised daily Sharpe, return %, net profit`,
      "sharpe",
    )
    .option("--min-trades <n>", "a trial with fewer closed trades in a range cannot be selected on it", "5")
    .option("--cscv-blocks <n>", "CSCV: blocks the days are cut into (even; the paper suggests 16)", "8")
    .option("--heat-map <a,b>", "the stability map's two parameters (default: the first two --range)")
    .option("--workers <n>", "worker threads (default: the available cores)")
    .option(
      "--queue <url>",
      "run the backtests on `hydra worker` processes through this Redis (redis://host:port) instead of threads",
    )
    .option("--job-size <n>", "with --queue: backtests per queue job (default: the sweep cut into 32 jobs)")
    .option("--queue-wait <s>", QUEUE_WAIT_HELP)
    .option(
      "--db <file>",
      "the SQLite database the results are saved in (default: $HYDRA_DB or data/hydra/hydra.db); without it, HYDRA_DB_URL keeps them in PostgreSQL",
    )
    .option("--resume <run-id>", "continue an interrupted run (the same settings resume on their own too)")
    .option("--json", "print one JSON object instead of the report")
    .option(
      "--report <file.html>",
      "also write an HTML report: the verdict and guards, the walk-forward windows, the stitched equity, the heat map",
    )
    .option("--data <file>", "OHLCV CSV, HistData ASCII or tick CSV; the seeded synthetic market when absent")
    .option("--no-cache", "parse the data file without the columnar cache")
    .option("--format <format>", "data format: auto, ohlcv, histdata, ticks", "auto")
    .option("--tz <zone>", "IANA zone of naive timestamps in the file (default UTC)")
    .option(
      "--shift <hours>",
      "hours added to every timestamp of the file: a broker clock a fixed offset from --tz (US30: --tz America/New_York --shift -7)",
    )
    .option(
      "--symbol <sym>",
      "instrument (default: guessed from the file name; XAUUSD for the synthetic market)",
    )
    .option("--timeframe <tf>", `strategy bar timeframe (${TIMEFRAMES.join(", ")}); tick data default M1`)
    .option("--cash <n>", "initial balance of every backtest", "10000")
    .option("--spread <price>", "spread in price units for bar data without ask prices", "0")
    .option("--slippage <ticks>", "adverse slippage on market and stop fills, in ticks", "0")
    .option("--contract-size <n>", "override the contract size (units per lot)")
    .option("--commission-per-lot <n>", "override the commission per lot")
    .option("--day-tz <zone>", "time zone whose midnight starts a day (daily returns)", "Europe/Prague");
  syntheticOptions(command).action(async (flags: OptimizeFlags) => {
    if (flags.report !== undefined) assertReportPath(flags.report);
    const definition = strategyDefinition(flags.strategy);
    const fixedParams = paramPairs(flags.param);
    if (flags.range.length === 0)
      throw new HydraError("CLI_USAGE", "optimize needs at least one --range name=lo:hi:step or name=a,b,c", {
        field: "--range",
      });
    const ranges = flags.range.map((r) => parseRange("--range", r));
    for (const r of ranges) {
      if (ranges.filter((x) => x.name === r.name).length > 1)
        throw new HydraError("CLI_USAGE", `--range ${r.name} is given twice`, { field: "--range" });
      if (r.name in fixedParams)
        throw new HydraError("CLI_USAGE", `${r.name} is both searched (--range) and fixed (--param)`, {
          field: "--range",
        });
      // every value must be one the strategy accepts: checked once here, not in a worker
      for (const v of r.values)
        parseParams(flags.strategy, definition.params, { ...fixedParams, [r.name]: String(v) });
    }
    const sampler = choiceOption("--sampler", flags.sampler, ["grid", "random"] as const)!;
    const trials = numberOption("--trials", flags.trials, { integer: true, positive: true })!;
    const size = gridSize(ranges);
    if (sampler === "grid" && size > 100_000)
      throw new HydraError(
        "CLI_USAGE",
        `the grid has ${size} points: narrow --range or use --sampler random`,
        { field: "--range" },
      );
    const cscvBlocks = numberOption("--cscv-blocks", flags.cscvBlocks, { integer: true, min: 2, max: 24 })!;
    if (cscvBlocks % 2 !== 0)
      throw new HydraError("CLI_USAGE", `--cscv-blocks must be even, got "${flags.cscvBlocks}"`, {
        field: "--cscv-blocks",
      });
    const heatMapAxes = flags.heatMap?.split(",").map((s) => s.trim());
    for (const a of heatMapAxes ?? [])
      if (!ranges.some((r) => r.name === a))
        throw new HydraError("CLI_USAGE", `--heat-map ${a} is not a searched parameter (--range)`, {
          field: "--heat-map",
        });
    const overrides: Partial<InstrumentSpec> = {};
    const cs = numberOption("--contract-size", flags.contractSize, { positive: true });
    if (cs !== undefined) overrides.contractSize = cs;
    const cpl = numberOption("--commission-per-lot", flags.commissionPerLot, { min: 0 });
    if (cpl !== undefined) overrides.commissionPerLot = cpl;
    const synthetic = syntheticMarket(flags);
    const timeframe = choiceOption<Timeframe>("--timeframe", flags.timeframe, TIMEFRAMES);
    const shiftHours = numberOption("--shift", flags.shift);
    const source = {
      ...(flags.data === undefined ? {} : { data: flags.data }),
      ...(shiftHours === undefined ? {} : { shiftHours }),
      format:
        choiceOption("--format", flags.format, ["auto", "ohlcv", "histdata", "ticks"] as const) ?? "auto",
      ...(flags.tz === undefined ? {} : { tz: flags.tz }),
      ...(flags.symbol === undefined ? {} : { symbol: flags.symbol }),
      overrides,
      synthetic,
    };
    const { queue, redisWaitMs } = queueOptions(flags);
    const jobSize = numberOption("--job-size", flags.jobSize, { integer: true, positive: true });
    if (jobSize !== undefined && queue === undefined)
      throw new HydraError("CLI_USAGE", "--job-size sizes the jobs of --queue: give --queue too", {
        field: "--job-size",
      });
    const market = loadMarket({ ...source, ...(flags.cache ? { cacheDir: defaultCacheDir() } : {}) });
    const dataIdentity =
      flags.data === undefined
        ? JSON.stringify({ synthetic, symbol: market.spec.symbol })
        : (() => {
            const file = path.resolve(flags.data);
            const st = statSync(file);
            return JSON.stringify({
              file,
              size: st.size,
              mtimeMs: st.mtimeMs,
              format: flags.format,
              tz: flags.tz ?? null,
              ...(shiftHours === undefined || shiftHours === 0 ? {} : { shiftHours }),
            });
          })();
    // HYDRA_DB_URL (unless --db names a file): the results in PostgreSQL, where any host resumes a run
    const db = databasePath(flags.db, process.env);
    const url = flags.db === undefined ? postgresUrlFromEnv(process.env) : undefined;
    const where = url === undefined ? db : redactDbUrl(url);
    const saved = { done: 0, total: 0 };
    // the queue's modules (BullMQ, ioredis: ~100 ms of start) are loaded only with --queue
    const sweeps = queue === undefined ? undefined : await import("../../runtime/queue/queue-sweeps.js");
    const said = await untilStopped((stop) =>
      runOptimize({
        series: market.series,
        spec: market.spec,
        origin: market.origin,
        dataIdentity,
        base: {
          strategy: definition.name,
          fixedParams,
          cash: numberOption("--cash", flags.cash, { positive: true })!,
          spread: numberOption("--spread", flags.spread, { min: 0 })!,
          slippageTicks: numberOption("--slippage", flags.slippage, { min: 0 })!,
          ...(timeframe === undefined ? {} : { timeframe }),
          dayTz: flags.dayTz,
        },
        ranges,
        sampler,
        trials,
        seed: numberOption("--sample-seed", flags.sampleSeed, { integer: true, min: 0 })!,
        walkForward: {
          windows: numberOption("--windows", flags.windows, { integer: true, positive: true, max: 100 })!,
          inSampleRatio: numberOption("--in-sample-ratio", flags.inSampleRatio, { positive: true })!,
          mode: choiceOption("--walk-forward", flags.walkForward, ["rolling", "anchored"] as const)!,
        },
        objective: choiceOption("--objective", flags.objective, OBJECTIVES)!,
        minTrades: numberOption("--min-trades", flags.minTrades, { integer: true, min: 0 })!,
        cscvBlocks,
        ...(heatMapAxes === undefined ? {} : { heatMapAxes }),
        workers: workersOption("--workers", flags.workers),
        ...(queue === undefined || sweeps === undefined
          ? {}
          : {
              unitRunner: sweeps.queueUnitRunner(
                queue,
                workerSource(source),
                market.series.length,
                "optimize",
                {
                  onProgress: (p) =>
                    io.err(
                      `${p.done}/${p.total} backtests done (${p.jobsDone}/${p.jobs} jobs), ${p.workers} workers (${queue.shown})\n`,
                    ),
                  onRedis: (s) => io.err(redisSaid(queue, s)),
                  ...(redisWaitMs === undefined ? {} : { redisWaitMs }),
                },
                jobSize,
              ),
            }),
        openStore: () =>
          url === undefined
            ? new SqliteOptimizeStore(db)
            : PostgresOptimizeStore.open(url, nodeIdentity(process.env, db).nodeId, new LiveClock().now()),
        ...(flags.resume === undefined ? {} : { resume: flags.resume }),
        stop,
        onProgress: (() => {
          let said = false;
          return (p) => {
            saved.done = p.done;
            saved.total = p.total;
            if (said) return;
            said = true;
            io.err(
              `optimize run ${p.runId}: ${p.total} backtests${p.reused > 0 ? `, ${p.reused} saved before (resumed)` : ""}; results in ${where}\n`,
            );
          };
        })(),
      }).catch((e: unknown) => {
        // the queue's Redis went away: what was saved is kept, and the same command resumes from there
        if (queue === undefined || !(e instanceof HydraError) || e.details.redisLost !== true) throw e;
        throw new HydraError(
          "RUN_FAILED",
          `${e.message}; ${saved.done} of ${saved.total} backtests are saved in ${where}: run the same command again to resume`,
          { field: "--queue" },
        );
      }),
    );
    if (said.status === "stopped") {
      io.err(
        `optimize run ${said.runId} interrupted: ${said.done} of ${said.total} backtests saved; run the same command again (or add --resume ${said.runId}) to continue\n`,
      );
      outcome.exitCode = 130;
      return;
    }
    if (flags.report !== undefined) {
      const { optimizeReport } = await import("../../runtime/report/optimize-report.js");
      writeReport(flags.report, optimizeReport(said.result));
    }
    if (flags.json) io.out(`${JSON.stringify(said.result)}\n`);
    else io.out(optimizeText(said.result));
  });
}

/** What a queue worker loads: the data file by its absolute path (which its machine must have too). */
function workerSource<S extends { data?: string }>(source: S): S {
  return source.data === undefined ? source : { ...source, data: path.resolve(source.data) };
}
