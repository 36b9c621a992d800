import { roundToTick } from "../core/rounding.js";
import type { EngineResult } from "../hydra/tournament/rank.js";
import { type TournamentTable, tournamentTable } from "../hydra/tournament/table.js";
import type { TableSettings } from "../hydra/tournament/table-settings.js";
import type { TournamentLog } from "../hydra/tournament/tournament-record.js";

/** What the operator queries need: SQLite's connection has it, and so has PostgreSQL's reader. */
export interface SqlReader {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
}

/**
 * The operator queries of SPEC §5 over the HYDRA journal (times are ISO text: `timestamp` is the trade's
 * close in market time).
 */
export function engineStats(db: SqlReader): Array<{
  engine: string;
  trades: number;
  wins: number;
  winRatePct: number;
  avgPnlPercent: number;
  totalPnl: number;
}> {
  const rows = db
    .prepare(
      // the sums only: SQLite's ROUND of a double and PostgreSQL's of a NUMERIC round some values apart
      // (0.06985 → 0.0698 and 0.0699), so the rounding is done here, the same for both
      `SELECT engine, COUNT(*) AS trades, SUM(CASE WHEN outcome = 'win' THEN 1 ELSE 0 END) AS wins,
              AVG(pnl_percent) AS avg, SUM(pnl) AS total
       FROM hydra_trades WHERE status = 'CLOSED' GROUP BY engine`,
    )
    .all() as Array<{ engine: string; trades: number; wins: number; avg: number; total: number }>;
  return rows
    .map((r) => ({
      engine: r.engine,
      trades: Number(r.trades),
      wins: Number(r.wins),
      winRatePct: roundToTick((100 * Number(r.wins)) / Number(r.trades), 0.01),
      avgPnlPercent: roundToTick(Number(r.avg), 0.0001),
      totalPnl: roundToTick(Number(r.total), 0.01),
    }))
    .sort((a, b) => b.totalPnl - a.totalPnl || (a.engine < b.engine ? -1 : 1));
}

export function recentTrades(db: SqlReader, limit: number): Array<Record<string, unknown>> {
  return db
    .prepare(
      `SELECT timestamp, engine, asset, direction, status, outcome, pnl, pnl_percent, volume, entry_price, exit_price, exit_reason
       FROM hydra_trades ORDER BY timestamp DESC, id DESC LIMIT ?`,
    )
    .all(limit) as Array<Record<string, unknown>>;
}

/** The current standing, one row per engine, best first. */
export function leaderboard(db: SqlReader): Array<Record<string, unknown>> {
  return db
    .prepare(
      `SELECT engine, label, rank, weight, total_points, realized_pnl, trades, wins, sharpe, max_drawdown_pct, llm_cost_usd, net_of_cost, timestamp
       FROM tournament_scores ORDER BY total_points DESC, rank`,
    )
    .all() as Array<Record<string, unknown>>;
}

/**
 * The tournament table from the database, as `hydra run` prints it at its end: the last standing saved
 * (tournament_scores) with every ask and every desk's daily marks.
 */
export function leaderboardTable(
  journal: { db: SqlReader } & Pick<TournamentLog, "asks" | "marks">,
  settings: Partial<TableSettings> = {},
): TournamentTable {
  const rows = journal.db
    .prepare(
      `SELECT engine, label, realized_pnl, trades, wins, sharpe, max_drawdown_pct, llm_cost_usd FROM tournament_scores`,
    )
    .all() as Array<Record<string, string | number | null>>;
  const results: EngineResult[] = rows.map((r) => ({
    engineId: String(r.engine),
    label: String(r.label),
    realizedPnl: Number(r.realized_pnl),
    trades: Number(r.trades),
    wins: Number(r.wins),
    sharpe: r.sharpe === null ? null : Number(r.sharpe),
    maxDrawdownPct: Number(r.max_drawdown_pct),
    llmCostUsd: Number(r.llm_cost_usd),
  }));
  return tournamentTable(results, { asks: journal.asks(), marks: journal.marks() }, settings);
}

/**
 * `hydra stats leaderboard --json`: each engine's stored standing (the columns it always had) with the
 * table's figures beside it; `sharpe` stays the stored one, `daily_sharpe` is the table's. In the
 * table's order (its ranks), as the text shows them: the stored points can order engines otherwise.
 */
export function leaderboardJson(db: SqlReader, t: TournamentTable): Array<Record<string, unknown>> {
  const byEngine = new Map(t.rows.map((r) => [r.engineId, r]));
  const at = new Map(t.rows.map((r, i) => [r.engineId, i]));
  const place = (e: unknown): number => at.get(String(e)) ?? t.rows.length;
  const stored = leaderboard(db).sort((a, b) => place(a.engine) - place(b.engine));
  return stored.map((stored) => {
    const r = byEngine.get(String(stored.engine));
    const vs = r?.vsBuyHold?.interval ?? null;
    return {
      ...stored,
      asked: r?.asked ?? null,
      answered: r?.answered ?? null,
      failed: r?.failed ?? null,
      failed_by_cause: r?.failedByCause ?? {},
      avg_latency_ms: r?.avgLatencyMs ?? null,
      cost_per_decision_usd: r?.costPerDecisionUsd ?? null,
      return_pct: r?.returnPct ?? null,
      buy_hold_pct: r?.buyHoldPct ?? null,
      vs_buy_hold_days: r?.vsBuyHold?.days ?? 0,
      vs_buy_hold_mean_pct: vs === null ? null : vs.mean * 100,
      vs_buy_hold_low_pct: vs === null ? null : vs.low * 100,
      vs_buy_hold_high_pct: vs === null ? null : vs.high * 100,
      daily_sharpe: r?.sharpe ?? null,
      sharpe_days: r?.sharpeDays ?? 0,
    };
  });
}

/** Rows as an aligned text table: numbers right-aligned, text left-aligned, empty cells as "-". */
export function formatTable(rows: ReadonlyArray<Record<string, unknown>>): string {
  if (rows.length === 0) return "";
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown): string => (v === null || v === undefined || v === "" ? "-" : String(v));
  const numeric = cols.map((c) => rows.every((r) => r[c] === null || typeof r[c] === "number"));
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => cell(r[cols[i]!]).length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return `${[line(cols), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join("\n")}\n`;
}
