import { toIsoUtc } from "../core/time.js";
import type { DeskMark } from "../hydra/tournament/daily-series.js";
import type { EngineAsk } from "../hydra/tournament/engine-ask.js";
import {
  ASK_COLUMNS,
  askOf,
  askParams,
  MARK_COLUMNS,
  type MarkRow,
  markOf,
  markParams,
} from "./hydra-journal-rows.js";
import type { SqliteDatabase } from "./sqlite-database.js";

/**
 * hydra_asks: one row per engine asked per cycle (an answer with no decision leaves no hydra_decisions
 * row, so asks are kept here); hydra_marks: each desk's start and its last mark of every market day
 * (equity and the assets' prices as JSON). Added beside the older tables: a database written before them
 * keeps working (its asks are read from its decision records, see readAsks).
 */
/** What the readers need: SQLite's connection, or PostgreSQL's reader (their SQL is read alike by both). */
export interface RowReader {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
}

export const TOURNAMENT_LOG_SCHEMA = `
CREATE TABLE IF NOT EXISTS hydra_asks (
  id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, cycle INTEGER NOT NULL, market_time TEXT NOT NULL,
  recorded_wall TEXT NOT NULL, engine TEXT NOT NULL, cause TEXT, decisions INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, latency_ms REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS hydra_marks (
  desk TEXT NOT NULL, point TEXT NOT NULL, day TEXT NOT NULL, market_time TEXT NOT NULL, run_id INTEGER NOT NULL,
  equity REAL NOT NULL, prices TEXT NOT NULL, PRIMARY KEY (desk, point, day)
);
CREATE INDEX IF NOT EXISTS hydra_asks_wall ON hydra_asks (recorded_wall);
`;

export function insertAsks(
  db: SqliteDatabase,
  runId: number,
  wallIso: string,
  asks: readonly EngineAsk[],
): void {
  const ins = db.prepare(`INSERT INTO hydra_asks (${ASK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)`);
  db.transaction(() => {
    for (const a of asks) ins.run(...askParams(runId, wallIso, a));
  })();
}

export function upsertMarks(db: SqliteDatabase, runId: number, marks: readonly DeskMark[]): void {
  const put = db.prepare(`INSERT OR REPLACE INTO hydra_marks (${MARK_COLUMNS}) VALUES (?,?,?,?,?,?,?)`);
  db.transaction(() => {
    for (const m of marks) put.run(...markParams(runId, m));
  })();
}

/**
 * Every engine ask up to `untilMarketMs` (market time), oldest first. Runs recorded before hydra_asks
 * existed give theirs from hydra_decisions: a run's cycle and engine once (all its records share the
 * answer's usage and latency), answered when no record has a cause — an answer without any decision
 * left no record there, so such runs count fewer asks than were made. SQL that SQLite and PostgreSQL
 * read alike (`hydra stats leaderboard` reads either).
 */
export function readAsks(db: RowReader, untilMarketMs: number): EngineAsk[] {
  const until = Number.isFinite(untilMarketMs) ? toIsoUtc(untilMarketMs) : "9999";
  const rows = db
    .prepare(
      `SELECT cycle, market_time, engine, cause, decisions, input_tokens, output_tokens, cost_usd, latency_ms, run_id, id FROM hydra_asks
       WHERE market_time <= ?
       UNION ALL
       SELECT cycle, MIN(market_time), engine, MAX(cause), SUM(CASE WHEN decision IS NOT NULL THEN 1 ELSE 0 END), MAX(input_tokens), MAX(output_tokens),
              MAX(cost_usd), MAX(latency_ms), run_id, MIN(id)
       FROM hydra_decisions
       WHERE engine <> 'consensus' AND market_time <= ? AND run_id NOT IN (SELECT DISTINCT run_id FROM hydra_asks)
       GROUP BY run_id, cycle, engine
       ORDER BY 2, 10, 11`,
    )
    .all(until, until) as Array<Record<string, string | number | null>>;
  return rows.map(askOf);
}

export function readMarks(db: RowReader): DeskMark[] {
  const rows = db
    .prepare(
      "SELECT desk, point, day, market_time, equity, prices FROM hydra_marks ORDER BY desk, point DESC, day",
    )
    .all() as MarkRow[];
  return rows.map(markOf);
}
