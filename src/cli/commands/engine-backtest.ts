import { mkdirSync } from "node:fs";
import path from "node:path";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import type { BarSeries } from "../../data/series.js";
import { DailyBudget } from "../../hydra/llm/budget.js";
import { JsonlLlmCallStore } from "../../hydra/llm/jsonl-call-store.js";
import { DEFAULT_LLM_ENGINES } from "../../hydra/llm/llm-config.js";
import { LlmEngine } from "../../hydra/llm/llm-engine.js";
import { offlineEngines } from "../../hydra/offline/index.js";
import {
  type EngineBacktestResult,
  repeatRuns,
  runEngineBacktest,
  seededVariation,
} from "../../runtime/engine-backtest.js";
import { hydraMode } from "../../runtime/hydra-run.js";
import { formatTable } from "../../runtime/hydra-stats.js";
import type { LoadedMarket } from "../../runtime/load-market.js";
import type { CliIo } from "../io.js";
import { databasePath } from "./kill-switch.js";

export interface EngineBacktestFlags {
  record?: string;
  engines: string;
  anonymise?: string;
  repeat?: string;
  cycleBars: string;
  cash: string;
  json?: boolean;
}

/**
 * `hydra backtest --engines offline`: the HYDRA orchestrator (the program `hydra run` trades) over a bar
 * file, with
 * the knowledge-cutoff guard, optional anonymisation, and seeded repeat runs with 95% intervals.
 */
export async function engineBacktest(
  flags: EngineBacktestFlags,
  market: LoadedMarket,
  io: CliIo,
): Promise<void> {
  if (flags.engines !== "offline" && flags.engines !== "llm")
    throw new HydraError("CLI_USAGE", `--engines must be offline or llm, got "${flags.engines}"`, {
      field: "--engines",
    });
  if (market.series.kind !== "bars")
    throw new HydraError("CLI_USAGE", "--engines needs a bar file (M1 or M5 OHLCV)", { field: "--data" });
  const cycleEveryBars = Number(flags.cycleBars);
  const cash = Number(flags.cash);
  // LLM engines over history: keys from the environment, every call recorded beside the database, and
  // the knowledge-cutoff guard excludes a model from a period it may have seen (unless --anonymise)
  const recordFile =
    flags.record ?? path.join(path.dirname(databasePath(undefined, process.env)), "llm-calls.jsonl");
  if (flags.engines === "llm") mkdirSync(path.dirname(path.resolve(recordFile)), { recursive: true });
  const store = flags.engines === "llm" ? new JsonlLlmCallStore(recordFile) : undefined;
  const engines =
    store === undefined
      ? offlineEngines()
      : DEFAULT_LLM_ENGINES.map(
          (c) =>
            new LlmEngine(c, { env: process.env, store, budget: new DailyBudget(), clock: new LiveClock() }),
        );
  // the same mode variables as hydra run (USE_INDEPENDENT_TRADING, USE_TURBO_BATCH): the same program
  const base = {
    engines,
    series: [market.series as BarSeries],
    cycleEveryBars,
    cash,
    mode: hydraMode(process.env),
  };
  const repeat = flags.repeat === undefined ? 1 : Number(flags.repeat);
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new HydraError("CLI_USAGE", `--repeat must be an integer >= 1, got "${flags.repeat}"`, {
      field: "--repeat",
    });
  if (repeat === 1) {
    const seed = flags.anonymise === undefined ? undefined : Number(flags.anonymise);
    const r = await runEngineBacktest({
      ...base,
      ...(seed === undefined ? {} : { anonymise: { seed } }),
      ...(store === undefined ? {} : { store }),
    });
    if (flags.json) io.out(`${JSON.stringify({ cycles: r.cycles, bars: r.bars, rows: r.rows })}\n`);
    else io.out(`${r.cycles} cycles over ${r.bars} bars\n${formatTable(r.rows.map(backtestRow))}`);
    return;
  }
  const runs = await repeatRuns(repeat, (seed) =>
    seededVariation(base, seed, Math.floor(market.series.length / 10)),
  );
  const out = runs.engines.map((e) => ({
    engine: e.engineId,
    runs: e.returns.length,
    meanReturnPct: e.ci.mean,
    ci95: [e.ci.low, e.ci.high],
  }));
  if (flags.json) io.out(`${JSON.stringify(out)}\n`);
  else
    for (const e of out)
      io.out(
        `${e.engine}: mean return ${e.meanReturnPct.toFixed(2)}% over ${e.runs} seeded runs, 95% interval [${e.ci95[0]!.toFixed(2)}%, ${e.ci95[1]!.toFixed(2)}%]\n`,
      );
}

/** One engine's result as a table row (an excluded engine says why). */
function backtestRow(row: EngineBacktestResult["rows"][number]): Record<string, unknown> {
  return row.included
    ? {
        engine: row.engineId,
        returnPct: Number(row.returnPct.toFixed(2)),
        trades: row.trades,
        winRatePct: Number((row.winRate * 100).toFixed(1)),
        maxDrawdownPct: Number(row.maxDrawdownPct.toFixed(2)),
        calls: row.calls,
        costUsd: Number(row.costUsd.toFixed(4)),
        equity: Number(row.equity.toFixed(2)),
        excluded: null,
      }
    : {
        engine: row.engineId,
        returnPct: null,
        trades: null,
        winRatePct: null,
        maxDrawdownPct: null,
        calls: null,
        costUsd: null,
        equity: null,
        excluded: `${row.reason} (cutoff ${new Date(row.cutoffMs).toISOString().slice(0, 10)})`,
      };
}
