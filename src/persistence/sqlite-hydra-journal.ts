import type { DecisionRecord, HydraJournal, ScoreRow } from "../hydra/mother/hydra-journal.js";
import type { ClosedTrade } from "../model/position.js";
import { openSqlite, type SqliteDatabase, storageError } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hydra_trades (
  id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp INTEGER NOT NULL, engine TEXT NOT NULL, asset TEXT NOT NULL,
  direction TEXT NOT NULL, status TEXT NOT NULL, outcome TEXT NOT NULL, pnl REAL NOT NULL, pnl_percent REAL NOT NULL,
  volume REAL NOT NULL, entry_price REAL NOT NULL, exit_price REAL NOT NULL, open_time INTEGER NOT NULL, exit_reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hydra_decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, cycle INTEGER NOT NULL, timestamp INTEGER NOT NULL, engine TEXT NOT NULL,
  template TEXT NOT NULL, prompt_hash TEXT NOT NULL, decision TEXT, cause TEXT, detail TEXT, input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, latency_ms REAL NOT NULL, outcome TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tournament_scores (
  id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp INTEGER NOT NULL, engine TEXT NOT NULL, label TEXT NOT NULL,
  rank INTEGER NOT NULL, weight REAL NOT NULL, total_points REAL NOT NULL, realized_pnl REAL NOT NULL, trades INTEGER NOT NULL,
  wins INTEGER NOT NULL, sharpe REAL, max_drawdown_pct REAL NOT NULL, llm_cost_usd REAL NOT NULL, net_of_cost REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS hydra_trades_engine ON hydra_trades (engine);
CREATE INDEX IF NOT EXISTS tournament_scores_time ON tournament_scores (timestamp);
`;

/** The HYDRA side's journal in SQLite: hydra_trades, hydra_decisions, tournament_scores (SPEC §5). */
export class SqliteHydraJournal implements HydraJournal {
  private constructor(
    readonly db: SqliteDatabase,
    private readonly file: string,
  ) {
    db.exec(SCHEMA);
  }

  static open(file: string): SqliteHydraJournal {
    return new SqliteHydraJournal(openSqlite(file), file);
  }

  recordDecision(d: DecisionRecord): void {
    this.run(
      `INSERT INTO hydra_decisions (cycle, timestamp, engine, template, prompt_hash, decision, cause, detail, input_tokens, output_tokens, cost_usd, latency_ms, outcome)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      d.cycle,
      d.time,
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
    );
  }

  recordTrade(engineId: string, t: ClosedTrade, initialBalance: number): void {
    this.run(
      `INSERT INTO hydra_trades (timestamp, engine, asset, direction, status, outcome, pnl, pnl_percent, volume, entry_price, exit_price, open_time, exit_reason)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      t.closeTime,
      engineId,
      t.symbol,
      t.side === "buy" ? "long" : "short",
      "closed",
      t.netPnl > 0 ? "win" : "loss",
      t.netPnl,
      Number(((t.netPnl / initialBalance) * 100).toFixed(4)),
      t.volume,
      t.openPrice,
      t.closePrice,
      t.openTime,
      t.exitReason,
    );
  }

  saveScores(time: number, rows: readonly ScoreRow[]): void {
    const ins = this.db.prepare(
      `INSERT INTO tournament_scores (timestamp, engine, label, rank, weight, total_points, realized_pnl, trades, wins, sharpe, max_drawdown_pct, llm_cost_usd, net_of_cost)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const tx = this.db.transaction(() => {
      for (const r of rows)
        ins.run(
          time,
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
        );
    });
    this.guard(() => tx());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private run(sql: string, ...params: unknown[]): void {
    this.guard(() => this.db.prepare(sql).run(...params));
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw storageError("hydra journal", this.file, e);
    }
  }
}
