import { toIsoUtc } from "../core/time.js";
import type { DecisionRecord, ScoreRow } from "../hydra/mother/hydra-journal.js";
import type { DeskMark } from "../hydra/tournament/daily-series.js";
import type { EngineAsk } from "../hydra/tournament/engine-ask.js";
import type { ClosedTrade } from "../model/position.js";

/**
 * The rows of the HYDRA journal's tables (hydra_trades, hydra_decisions, tournament_scores and
 * tournament_history, hydra_asks, hydra_marks), the same columns in SQLite and in PostgreSQL (which adds
 * node_id, and the row's id where SQLite numbers it), and their mapping to the model: one place, so both
 * backends write and read back the same values.
 */

/** a trade's column values, in the order of HYDRA_TRADE_COLUMNS */
export const HYDRA_TRADE_COLUMNS =
  "trade_id, run_id, timestamp, engine, asset, direction, status, outcome, pnl, pnl_percent, volume, entry_price, exit_price, open_time, exit_reason, gross_pnl, commission, recorded_wall";

/** trade ids carry the run id, so runs on one database never collide */
export const hydraTradeParams = (
  runId: number,
  engineId: string,
  t: ClosedTrade,
  initialBalance: number,
  wallIso: string,
): unknown[] => [
  `R${runId}:${engineId}:${t.positionId}:${t.closeTime}`,
  runId,
  toIsoUtc(t.closeTime),
  engineId,
  t.symbol,
  t.side === "buy" ? "long" : "short",
  "CLOSED",
  t.netPnl > 0 ? "win" : "loss",
  t.netPnl,
  Number(((t.netPnl / initialBalance) * 100).toFixed(4)),
  t.volume,
  t.openPrice,
  t.closePrice,
  toIsoUtc(t.openTime),
  t.exitReason,
  t.grossPnl,
  t.commission,
  wallIso,
];

/** what `closedTradesByEngine` reads of a trade */
export const HYDRA_TRADE_READ_COLUMNS =
  "trade_id, engine, asset, direction, volume, open_time, entry_price, timestamp, exit_price, gross_pnl, commission, pnl, exit_reason";

/** rows of HYDRA_TRADE_READ_COLUMNS as closed trades by engine, in the order of the rows */
export function closedTradesByEngine(
  rows: ReadonlyArray<Record<string, unknown>>,
): Map<string, ClosedTrade[]> {
  const out = new Map<string, ClosedTrade[]>();
  for (const r of rows) {
    const list = out.get(String(r.engine)) ?? [];
    list.push({
      positionId: String(r.trade_id),
      source: String(r.engine),
      symbol: String(r.asset),
      side: r.direction === "long" ? "buy" : "sell",
      volume: Number(r.volume),
      openTime: Date.parse(String(r.open_time)),
      openPrice: Number(r.entry_price),
      closeTime: Date.parse(String(r.timestamp)),
      closePrice: Number(r.exit_price),
      grossPnl: Number(r.gross_pnl),
      commission: Number(r.commission),
      netPnl: Number(r.pnl),
      exitReason: String(r.exit_reason),
    });
    out.set(String(r.engine), list);
  }
  return out;
}

/** a decision record's column values, in the order of DECISION_COLUMNS */
export const DECISION_COLUMNS =
  "run_id, cycle, market_time, recorded_wall, engine, template, prompt_hash, decision, cause, detail, input_tokens, output_tokens, cost_usd, latency_ms, outcome";

export const decisionParams = (runId: number, d: DecisionRecord, wallIso: string): unknown[] => [
  runId,
  d.cycle,
  toIsoUtc(d.time),
  wallIso,
  d.engineId,
  d.templateVersion,
  d.promptHash,
  d.decision === null ? null : JSON.stringify(d.decision),
  d.cause,
  d.detail,
  d.usage.inputTokens,
  d.usage.outputTokens,
  d.usage.costUsd,
  d.latencyMs,
  d.outcome,
];

/** a standing's column values (tournament_scores; tournament_history after run_id), in the order of SCORE_COLUMNS */
export const SCORE_COLUMNS =
  "timestamp, engine, label, rank, weight, total_points, realized_pnl, trades, wins, sharpe, max_drawdown_pct, llm_cost_usd, net_of_cost";

export const scoreParams = (timeIso: string, r: ScoreRow): unknown[] => [
  timeIso,
  r.engineId,
  r.label,
  r.rank,
  r.weight,
  r.totalPoints,
  r.realizedPnl,
  r.trades,
  r.wins,
  r.sharpe,
  r.maxDrawdownPct,
  r.llmCostUsd,
  r.netOfCost,
];

/** an ask's column values, in the order of ASK_COLUMNS */
export const ASK_COLUMNS =
  "run_id, cycle, market_time, recorded_wall, engine, cause, decisions, input_tokens, output_tokens, cost_usd, latency_ms";

export const askParams = (runId: number, wallIso: string, a: EngineAsk): unknown[] => [
  runId,
  a.cycle,
  toIsoUtc(a.time),
  wallIso,
  a.engineId,
  a.cause,
  a.decisions,
  a.inputTokens,
  a.outputTokens,
  a.costUsd,
  a.latencyMs,
];

/** an ask read back (hydra_asks, or a run's decision records before hydra_asks existed) */
export const askOf = (r: Record<string, unknown>): EngineAsk => ({
  cycle: Number(r.cycle),
  time: Date.parse(String(r.market_time)),
  engineId: String(r.engine),
  cause: r.cause === null ? null : String(r.cause),
  decisions: Number(r.decisions),
  inputTokens: Number(r.input_tokens),
  outputTokens: Number(r.output_tokens),
  costUsd: Number(r.cost_usd),
  latencyMs: Number(r.latency_ms),
});

/** a mark's column values, in the order of MARK_COLUMNS (the key: desk, point, day) */
export const MARK_COLUMNS = "desk, point, day, market_time, run_id, equity, prices";

export const markParams = (runId: number, m: DeskMark): unknown[] => [
  m.desk,
  m.point,
  m.day,
  toIsoUtc(m.time),
  runId,
  m.equity,
  JSON.stringify(m.prices),
];

export interface MarkRow {
  desk: string;
  point: string;
  day: string;
  market_time: string;
  equity: number;
  prices: string;
}

export const markOf = (r: MarkRow): DeskMark => ({
  desk: r.desk,
  point: r.point === "start" ? "start" : "day",
  day: r.day,
  time: Date.parse(r.market_time),
  equity: r.equity,
  prices: JSON.parse(r.prices) as Record<string, number>,
});
