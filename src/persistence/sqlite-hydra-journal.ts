import { type Clock, LiveClock } from "../core/clock.js";
import { toIsoUtc } from "../core/time.js";
import type { DecisionRecord, EngineSpend, ScoreRow } from "../hydra/mother/hydra-journal.js";
import type { DeskMark } from "../hydra/tournament/daily-series.js";
import type { EngineAsk } from "../hydra/tournament/engine-ask.js";
import type { ClosedTrade } from "../model/position.js";
import { migrateHydraJournal } from "./hydra-journal-migration.js";
import {
  closedTradesByEngine,
  DECISION_COLUMNS,
  decisionParams,
  HYDRA_TRADE_COLUMNS,
  HYDRA_TRADE_READ_COLUMNS,
  hydraTradeParams,
  SCORE_COLUMNS,
  scoreParams,
} from "./hydra-journal-rows.js";
import type { HydraJournalStore } from "./hydra-journal-store.js";
import { sqliteSpentToday } from "./llm-spend.js";
import { guarded, openSqlite, type SqliteDatabase } from "./sqlite-database.js";
import {
  insertAsks,
  readAsks,
  readMarks,
  TOURNAMENT_LOG_SCHEMA,
  upsertMarks,
} from "./sqlite-tournament-log.js";

/**
 * Times are ISO-8601 UTC text, each column named for its clock: `timestamp`, `open_time` and
 * `market_time` are market time (the synthetic or historical market's clock), `*_wall` columns wall time.
 */
const HYDRA_JOURNAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS hydra_trades (
  id INTEGER PRIMARY KEY AUTOINCREMENT, trade_id TEXT NOT NULL UNIQUE, run_id INTEGER NOT NULL,
  timestamp TEXT NOT NULL, engine TEXT NOT NULL, asset TEXT NOT NULL, direction TEXT NOT NULL,
  status TEXT NOT NULL, outcome TEXT NOT NULL, pnl REAL NOT NULL, pnl_percent REAL NOT NULL, volume REAL NOT NULL,
  entry_price REAL NOT NULL, exit_price REAL NOT NULL, open_time TEXT NOT NULL, exit_reason TEXT NOT NULL,
  gross_pnl REAL NOT NULL, commission REAL NOT NULL, recorded_wall TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hydra_decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, cycle INTEGER NOT NULL, market_time TEXT NOT NULL,
  recorded_wall TEXT NOT NULL, engine TEXT NOT NULL, template TEXT NOT NULL, prompt_hash TEXT NOT NULL, decision TEXT,
  cause TEXT, detail TEXT, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,
  latency_ms REAL NOT NULL, outcome TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tournament_scores (
  engine TEXT PRIMARY KEY, timestamp TEXT NOT NULL, label TEXT NOT NULL, rank INTEGER NOT NULL, weight REAL NOT NULL,
  total_points REAL NOT NULL, realized_pnl REAL NOT NULL, trades INTEGER NOT NULL, wins INTEGER NOT NULL, sharpe REAL,
  max_drawdown_pct REAL NOT NULL, llm_cost_usd REAL NOT NULL, net_of_cost REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tournament_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, timestamp TEXT NOT NULL, engine TEXT NOT NULL,
  label TEXT NOT NULL, rank INTEGER NOT NULL, weight REAL NOT NULL, total_points REAL NOT NULL,
  realized_pnl REAL NOT NULL, trades INTEGER NOT NULL, wins INTEGER NOT NULL, sharpe REAL,
  max_drawdown_pct REAL NOT NULL, llm_cost_usd REAL NOT NULL, net_of_cost REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS hydra_trades_engine ON hydra_trades (engine);
CREATE INDEX IF NOT EXISTS hydra_trades_time ON hydra_trades (timestamp);
CREATE INDEX IF NOT EXISTS hydra_decisions_wall ON hydra_decisions (recorded_wall);
CREATE INDEX IF NOT EXISTS tournament_history_time ON tournament_history (timestamp);
`;

/**
 * The HYDRA side's journal in SQLite (SPEC §5): hydra_trades (status 'CLOSED', outcome win/loss),
 * hydra_decisions, tournament_scores (the current standing, one row per engine) and tournament_history
 * (every cycle's standing); hydra_asks and hydra_marks for the tournament table (sqlite-tournament-log.ts).
 * Trade ids carry the run id, so runs on one database never collide.
 */
export class SqliteHydraJournal implements HydraJournalStore {
  private runId = 0;

  private constructor(
    readonly db: SqliteDatabase,
    private readonly file: string,
    private readonly wall: Clock,
  ) {
    this.guard(() => {
      migrateHydraJournal(db);
      db.exec(HYDRA_JOURNAL_SCHEMA);
      db.exec(TOURNAMENT_LOG_SCHEMA);
    });
  }

  /** `wall`: the clock of the recorded_wall columns (the live clock by default) */
  static open(file: string, wall: Clock = new LiveClock()): SqliteHydraJournal {
    const db = openSqlite(file);
    try {
      return new SqliteHydraJournal(db, file, wall);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  setRun(runId: number): void {
    this.runId = runId;
  }

  recordDecision(d: DecisionRecord): void {
    this.run(
      `INSERT INTO hydra_decisions (${DECISION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      ...decisionParams(this.runId, d, toIsoUtc(this.wall.now())),
    );
  }

  recordTrade(engineId: string, t: ClosedTrade, initialBalance: number): void {
    this.run(
      `INSERT INTO hydra_trades (${HYDRA_TRADE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      ...hydraTradeParams(this.runId, engineId, t, initialBalance, toIsoUtc(this.wall.now())),
    );
  }

  /**
   * The closed trades of the database by engine, oldest first (a resumed run's desks count them); with
   * `untilMarketMs`, only those closed by then (market time): a checkpoint's state does not hold later ones.
   */
  trades(untilMarketMs = Number.POSITIVE_INFINITY): Map<string, ClosedTrade[]> {
    const rows = this.guard(() =>
      this.db
        .prepare(
          `SELECT ${HYDRA_TRADE_READ_COLUMNS} FROM hydra_trades WHERE timestamp <= ? ORDER BY timestamp, id`,
        )
        .all(Number.isFinite(untilMarketMs) ? toIsoUtc(untilMarketMs) : "9999"),
    ) as Array<Record<string, string | number>>;
    return closedTradesByEngine(rows);
  }

  /**
   * Forgets what a killed run journalled after its last checkpoint (market time): its closed trades,
   * decisions, asks and standings. The resumed run trades that market again from the checkpoint, so
   * keeping them would count each twice. Returns the trades forgotten.
   */
  forgetAfter(checkpointMarketMs: number): number {
    const iso = toIsoUtc(checkpointMarketMs);
    const tx = () => {
      const n = this.db.prepare("DELETE FROM hydra_trades WHERE timestamp > ?").run(iso).changes;
      this.db.prepare("DELETE FROM hydra_decisions WHERE market_time > ?").run(iso);
      this.db.prepare("DELETE FROM hydra_asks WHERE market_time > ?").run(iso);
      this.db.prepare("DELETE FROM tournament_history WHERE timestamp > ?").run(iso);
      return n;
    };
    return this.guard(() => this.db.transaction(tx)());
  }

  saveScores(time: number, rows: readonly ScoreRow[]): void {
    const iso = toIsoUtc(time);
    const tx = () => {
      const current = this.db.prepare(
        `INSERT OR REPLACE INTO tournament_scores (${SCORE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      );
      const history = this.db.prepare(
        `INSERT INTO tournament_history (run_id, ${SCORE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      );
      for (const r of rows) {
        const values = scoreParams(iso, r);
        current.run(...values);
        history.run(this.runId, ...values);
      }
    };
    this.guard(() => this.db.transaction(tx)());
  }

  recordAsks(asks: readonly EngineAsk[]): void {
    this.guard(() => insertAsks(this.db, this.runId, toIsoUtc(this.wall.now()), asks));
  }

  recordMarks(marks: readonly DeskMark[]): void {
    this.guard(() => upsertMarks(this.db, this.runId, marks));
  }

  asks(untilMarketMs = Number.POSITIVE_INFINITY): EngineAsk[] {
    return this.guard(() => readAsks(this.db, untilMarketMs));
  }

  marks(): DeskMark[] {
    return this.guard(() => readMarks(this.db));
  }

  spentToday(wallMs: number): EngineSpend[] {
    return this.guard(() => sqliteSpentToday(this.db, wallMs));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private run(sql: string, ...params: unknown[]): void {
    this.guard(() => this.db.prepare(sql).run(...params));
  }

  private guard<T>(f: () => T): T {
    return guarded("hydra journal", this.file, f);
  }
}
