import { BUY_AND_HOLD, type Comparison, versusBuyHold, versusEachOther } from "./comparisons.js";
import { type DailySeries, type DeskMark, dailySeries } from "./daily-series.js";
import { type AskTally, type EngineAsk, tallyAsks } from "./engine-ask.js";
import { type EngineResult, rankEngines } from "./rank.js";
import { dailySharpe } from "./sharpe.js";
import { tournamentStatement } from "./statement.js";
import { type TableSettings, tableSettings } from "./table-settings.js";

export interface TournamentRow {
  /** null for the benchmark */
  rank: number | null;
  engineId: string;
  label: string;
  trades: number;
  /** % of trades won; null with no trades */
  winRatePct: number | null;
  /** cycles the engine was asked in (null for the benchmark) */
  asked: number | null;
  /** answers that parsed (with or without decisions) */
  answered: number | null;
  /** asks that ended without an answer (timeout, invalid, error, budget, …) */
  failed: number | null;
  failedByCause: Readonly<Record<string, number>>;
  avgLatencyMs: number | null;
  /** LLM cost ÷ answered; null when nothing was answered */
  costPerDecisionUsd: number | null;
  llmCostUsd: number;
  realizedPnl: number;
  /** realized P&L minus LLM cost */
  netPnl: number;
  /** equity from the desk's start mark to its last daily mark, %; null before there is one */
  returnPct: number | null;
  /** equal-weighted buy-and-hold of the same assets over the same marks, % */
  buyHoldPct: number | null;
  /** the engine's daily returns minus buy-and-hold's (null for the benchmark) */
  vsBuyHold: Comparison | null;
  /** from the daily returns, once there are settings.minSharpeDays of them */
  sharpe: number | null;
  /** the daily returns there are */
  sharpeDays: number;
  maxDrawdownPct: number;
  /** rank weight; null for the benchmark */
  weight: number | null;
}

/** The table, what it can tell (the statement), and the comparisons the statement rests on. */
export interface TournamentTable {
  rows: TournamentRow[];
  /** every engine against buy-and-hold, then every pair of engines */
  comparisons: Comparison[];
  statement: string;
  settings: TableSettings;
}

/** What the tournament recorded besides the standings: every ask, every desk's marks. */
export interface TournamentFacts {
  asks: readonly EngineAsk[];
  marks: readonly DeskMark[];
}

const r2 = (x: number): number => Math.round(x * 100) / 100;
const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;
const NO_ASKS: AskTally = {
  asked: 0,
  answered: 0,
  failed: 0,
  failedByCause: {},
  avgLatencyMs: null,
  costUsd: 0,
};

function seriesByDesk(marks: readonly DeskMark[]): Map<string, DailySeries> {
  const byDesk = new Map<string, DeskMark[]>();
  for (const m of marks) byDesk.set(m.desk, [...(byDesk.get(m.desk) ?? []), m]);
  const out = new Map<string, DailySeries>();
  for (const [desk, ms] of byDesk) {
    const s = dailySeries(ms);
    if (s !== null) out.set(desk, s);
  }
  return out;
}

/** Buy-and-hold over the tournament's whole period: the series of the desk that started first. */
function benchmarkRow(series: readonly DailySeries[], s: TableSettings): TournamentRow | null {
  const first = [...series].sort((a, b) => a.startTime - b.startTime || a.desk.localeCompare(b.desk))[0];
  if (first === undefined) return null;
  const pnl = r2(first.startEquity * (first.buyHoldPct / 100));
  const sharpe = dailySharpe(first.buyHold, s.minSharpeDays);
  return {
    rank: null,
    engineId: BUY_AND_HOLD,
    label: `Buy and hold (benchmark: ${first.assets.join(", ")}, equal split)`,
    trades: 0,
    winRatePct: null,
    asked: null,
    answered: null,
    failed: null,
    failedByCause: {},
    avgLatencyMs: null,
    costPerDecisionUsd: null,
    llmCostUsd: 0,
    realizedPnl: pnl,
    netPnl: pnl,
    returnPct: r4(first.buyHoldPct),
    buyHoldPct: r4(first.buyHoldPct),
    vsBuyHold: null,
    sharpe: sharpe.value,
    sharpeDays: sharpe.days,
    maxDrawdownPct: 0,
    weight: null,
  };
}

/**
 * The leaderboard: one row per engine in rank order (realized P&L, see rankEngines), then buy-and-hold
 * of the same assets over the tournament's period. Beside the P&L: how often each engine was asked,
 * answered and failed, its latency and cost per answer, its return against buy-and-hold's over its own
 * marks with a bootstrap interval of the daily difference, and a Sharpe ratio only from enough days.
 * The same facts give the same table, whether they come from a running tournament or the database.
 */
export function tournamentTable(
  results: readonly EngineResult[],
  facts: TournamentFacts,
  over: Partial<TableSettings> = {},
): TournamentTable {
  const s = tableSettings(over);
  const tallies = tallyAsks(facts.asks);
  const series = seriesByDesk(facts.marks);
  const ranked = rankEngines(results);
  const vsBuyHold = ranked.map((r) => {
    const x = series.get(r.engineId);
    return x === undefined
      ? { a: r.engineId, b: BUY_AND_HOLD, days: 0, needed: s.minBootstrapDays, interval: null }
      : versusBuyHold(x, s);
  });
  const rows: TournamentRow[] = ranked.map((r, i) => {
    const t = tallies.get(r.engineId) ?? NO_ASKS;
    const x = series.get(r.engineId);
    const sharpe = dailySharpe(x?.returns ?? [], s.minSharpeDays);
    return {
      rank: r.rank,
      engineId: r.engineId,
      label: r.label,
      trades: r.trades,
      winRatePct: r.trades > 0 ? r2((r.wins / r.trades) * 100) : null,
      asked: t.asked,
      answered: t.answered,
      failed: t.failed,
      failedByCause: t.failedByCause,
      avgLatencyMs: t.avgLatencyMs === null ? null : r2(t.avgLatencyMs),
      costPerDecisionUsd: t.answered > 0 ? r4(r.llmCostUsd / t.answered) : null,
      llmCostUsd: r2(r.llmCostUsd),
      realizedPnl: r2(r.realizedPnl),
      netPnl: r2(r.realizedPnl - r.llmCostUsd),
      returnPct: x === undefined ? null : r4(x.returnPct),
      buyHoldPct: x === undefined ? null : r4(x.buyHoldPct),
      vsBuyHold: vsBuyHold[i]!,
      sharpe: sharpe.value,
      sharpeDays: sharpe.days,
      maxDrawdownPct: r.maxDrawdownPct,
      weight: r.weight,
    };
  });
  const pairs = versusEachOther(
    ranked.flatMap((r) => series.get(r.engineId) ?? []),
    s,
  );
  const bench = benchmarkRow(
    ranked.flatMap((r) => series.get(r.engineId) ?? []),
    s,
  );
  return {
    rows: bench === null ? rows : [...rows, bench],
    comparisons: [...vsBuyHold, ...pairs],
    statement: tournamentStatement(vsBuyHold, pairs, s),
    settings: s,
  };
}
