import type Database from "better-sqlite3";

type Db = Database.Database;

/**
 * The operator queries of SPEC §5 over the HYDRA journal (times are ISO text: `timestamp` is the trade's
 * close in market time).
 */
export function engineStats(db: Db): Array<{
  engine: string;
  trades: number;
  wins: number;
  winRatePct: number;
  avgPnlPercent: number;
  totalPnl: number;
}> {
  return db
    .prepare(
      `SELECT engine, COUNT(*) AS trades, SUM(CASE WHEN outcome = 'win' THEN 1 ELSE 0 END) AS wins,
              ROUND(100.0 * SUM(CASE WHEN outcome = 'win' THEN 1 ELSE 0 END) / COUNT(*), 2) AS winRatePct,
              ROUND(AVG(pnl_percent), 4) AS avgPnlPercent, ROUND(SUM(pnl), 2) AS totalPnl
       FROM hydra_trades WHERE status = 'CLOSED' GROUP BY engine ORDER BY totalPnl DESC`,
    )
    .all() as ReturnType<typeof engineStats>;
}

export function recentTrades(db: Db, limit: number): Array<Record<string, unknown>> {
  return db
    .prepare(
      `SELECT timestamp, engine, asset, direction, status, outcome, pnl, pnl_percent, volume, entry_price, exit_price, exit_reason
       FROM hydra_trades ORDER BY timestamp DESC, id DESC LIMIT ?`,
    )
    .all(limit) as Array<Record<string, unknown>>;
}

/** The current standing, one row per engine, best first. */
export function leaderboard(db: Db): Array<Record<string, unknown>> {
  return db
    .prepare(
      `SELECT engine, label, rank, weight, total_points, realized_pnl, trades, wins, sharpe, max_drawdown_pct, llm_cost_usd, net_of_cost, timestamp
       FROM tournament_scores ORDER BY total_points DESC, rank`,
    )
    .all() as Array<Record<string, unknown>>;
}

/** Each engine's LLM spend on the UTC day of `wallMs` (wall time), from the recorded decisions. */
export function spentToday(db: Db, wallMs: number): Array<{ engine: string; tokens: number; usd: number }> {
  const start = Math.floor(wallMs / 86_400_000) * 86_400_000;
  return db
    .prepare(
      `SELECT engine, SUM(input_tokens + output_tokens) AS tokens, SUM(cost_usd) AS usd
       FROM hydra_decisions WHERE recorded_wall >= ? AND recorded_wall < ? AND cost_usd > 0 GROUP BY engine ORDER BY engine`,
    )
    .all(new Date(start).toISOString(), new Date(start + 86_400_000).toISOString()) as Array<{
    engine: string;
    tokens: number;
    usd: number;
  }>;
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
