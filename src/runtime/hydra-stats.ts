import type Database from "better-sqlite3";

type Db = Database.Database;

/** The operator queries of SPEC §5 over the HYDRA journal. */
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
      `SELECT engine, COUNT(*) AS trades, SUM(outcome = 'win') AS wins,
              ROUND(100.0 * SUM(outcome = 'win') / COUNT(*), 2) AS winRatePct,
              ROUND(AVG(pnl_percent), 4) AS avgPnlPercent, ROUND(SUM(pnl), 2) AS totalPnl
       FROM hydra_trades GROUP BY engine ORDER BY totalPnl DESC`,
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

/** The latest tournament snapshot, one object per engine, best first. */
export function leaderboard(db: Db): Array<Record<string, unknown>> {
  return db
    .prepare(
      `SELECT engine, label, rank, weight, total_points, realized_pnl, trades, wins, sharpe, max_drawdown_pct, llm_cost_usd, net_of_cost, timestamp
       FROM tournament_scores WHERE timestamp = (SELECT MAX(timestamp) FROM tournament_scores) ORDER BY rank`,
    )
    .all() as Array<Record<string, unknown>>;
}
