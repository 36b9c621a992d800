import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DataError } from "../../core/errors.js";

/** The parts of ../shared/data/reference/*.json the conformance suite reads, checked once here. */
const BACKTRADER = z.object({
  strategy_case: z.object({
    expected_fills: z.object({ buy_exec: z.array(z.string()), sell_exec: z.array(z.string()) }),
    variants: z.array(z.object({ name: z.string(), final_value: z.string(), final_cash: z.string() })).min(2),
  }),
});

const BACKTESTING_PY = z.object({ cases: z.array(z.looseObject({ id: z.string() })) });

/** One backtesting.py strategy case with its expected statistics (`sma_cross_10_30_goog`). */
const BACKTESTING_PY_STATS_CASE = z.object({
  id: z.string(),
  params: z.object({ fast: z.number(), slow: z.number(), cash: z.number(), finalize_trades: z.boolean() }),
  expected: z.record(z.string(), z.union([z.number(), z.string()])),
});

const LEAN = z.object({
  algorithm: z.object({ start: z.string(), end: z.string(), cash_usd: z.number() }),
  expected_statistics: z.record(z.string(), z.string()),
});

type BacktraderReference = z.infer<typeof BACKTRADER>;
type BacktestingPyReference = z.infer<typeof BACKTESTING_PY>;
export type BacktestingPyStatsCase = z.infer<typeof BACKTESTING_PY_STATS_CASE>;
type LeanReference = z.infer<typeof LEAN>;

/** A parsed reference file, the data file it is about, and its own path (for errors). */
interface Reference<T> {
  reference: T;
  data: string;
  file: string;
}

/** The reference folder's files, parsed; DATA_NOT_FOUND / DATA_FORMAT naming the file otherwise. */
export interface ReferenceData {
  backtrader: Reference<BacktraderReference>;
  backtestingPy: Reference<BacktestingPyReference>;
  lean: Reference<LeanReference>;
}

function parse<T>(file: string, raw: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError("DATA_FORMAT", file, issue.message, { field: issue.path.join(".") });
  }
  return parsed.data;
}

/** The backtesting.py case `id` with its params and expected statistics; undefined when absent. */
export function backtestingPyStatsCase(
  ref: ReferenceData["backtestingPy"],
  id: string,
): BacktestingPyStatsCase | undefined {
  const raw = ref.reference.cases.find((c) => c.id === id);
  return raw === undefined ? undefined : parse(ref.file, raw, BACKTESTING_PY_STATS_CASE);
}

function read<T>(dir: string, json: string, data: string, schema: z.ZodType<T>): Reference<T> {
  for (const f of [json, data])
    if (!existsSync(path.join(dir, f)))
      throw new DataError("DATA_NOT_FOUND", path.join(dir, f), "reference file missing (set HYDRA_DATA_DIR)");
  const file = path.join(dir, json);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new DataError("DATA_FORMAT", file, `not JSON: ${(e as Error).message}`);
  }
  return { reference: parse(file, raw, schema), data: path.join(dir, data), file };
}

export function readReferenceData(dataDir: string): ReferenceData {
  const dir = path.join(dataDir, "reference");
  return {
    backtrader: read(dir, "backtrader_reference.json", "backtrader_2006-day-001.txt", BACKTRADER),
    backtestingPy: read(
      dir,
      "backtestingpy_reference.json",
      "backtestingpy_GOOG_1d_20040819-20130301.csv",
      BACKTESTING_PY,
    ),
    lean: read(dir, "lean_basic_template_reference.json", "lean_SPY_1m_trade_20131004-20131011.csv.gz", LEAN),
  };
}
