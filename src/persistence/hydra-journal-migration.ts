import type { SqliteDatabase } from "./sqlite-database.js";

const columns = (db: SqliteDatabase, table: string): string[] =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);

/** epoch ms (integer) → ISO-8601 UTC text, as the current schema stores times */
const iso = (col: string): string => `strftime('%Y-%m-%dT%H:%M:%fZ', ${col} / 1000.0, 'unixepoch')`;

/**
 * Brings a HYDRA journal written before times were ISO text (epoch-ms integers, status 'closed', one
 * tournament_scores row per engine per cycle) to the current schema, in one transaction: times become ISO
 * text, statuses 'CLOSED', the old score rows move to tournament_history and tournament_scores keeps each
 * engine's latest row. Rows of those runs get run id 0. A current or empty database is left as it is.
 */
export function migrateHydraJournal(db: SqliteDatabase): void {
  const trades = columns(db, "hydra_trades");
  const decisions = columns(db, "hydra_decisions");
  const scores = columns(db, "tournament_scores");
  const old =
    (trades.length > 0 && !trades.includes("trade_id")) ||
    (decisions.length > 0 && !decisions.includes("market_time")) ||
    (scores.length > 0 && scores.includes("id"));
  if (!old) return;
  db.transaction(() => {
    if (trades.length > 0 && !trades.includes("trade_id")) {
      db.exec(`ALTER TABLE hydra_trades RENAME TO hydra_trades_v0;
        CREATE TABLE hydra_trades (
          id INTEGER PRIMARY KEY AUTOINCREMENT, trade_id TEXT NOT NULL UNIQUE, run_id INTEGER NOT NULL,
          timestamp TEXT NOT NULL, engine TEXT NOT NULL, asset TEXT NOT NULL, direction TEXT NOT NULL,
          status TEXT NOT NULL, outcome TEXT NOT NULL, pnl REAL NOT NULL, pnl_percent REAL NOT NULL, volume REAL NOT NULL,
          entry_price REAL NOT NULL, exit_price REAL NOT NULL, open_time TEXT NOT NULL, exit_reason TEXT NOT NULL,
          gross_pnl REAL NOT NULL, commission REAL NOT NULL, recorded_wall TEXT NOT NULL);
        INSERT INTO hydra_trades (trade_id, run_id, timestamp, engine, asset, direction, status, outcome, pnl, pnl_percent,
          volume, entry_price, exit_price, open_time, exit_reason, gross_pnl, commission, recorded_wall)
        SELECT 'R0:' || id, 0, ${iso("timestamp")}, engine, asset, direction, UPPER(status), outcome, pnl, pnl_percent,
          volume, entry_price, exit_price, ${iso("open_time")}, exit_reason, pnl, 0, ${iso("timestamp")}
        FROM hydra_trades_v0 ORDER BY id;
        DROP TABLE hydra_trades_v0;
        DROP INDEX IF EXISTS hydra_trades_engine;`);
    }
    if (decisions.length > 0 && !decisions.includes("market_time")) {
      db.exec(`ALTER TABLE hydra_decisions RENAME TO hydra_decisions_v0;
        CREATE TABLE hydra_decisions (
          id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, cycle INTEGER NOT NULL, market_time TEXT NOT NULL,
          recorded_wall TEXT NOT NULL, engine TEXT NOT NULL, template TEXT NOT NULL, prompt_hash TEXT NOT NULL, decision TEXT,
          cause TEXT, detail TEXT, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,
          latency_ms REAL NOT NULL, outcome TEXT NOT NULL);
        INSERT INTO hydra_decisions (run_id, cycle, market_time, recorded_wall, engine, template, prompt_hash, decision, cause,
          detail, input_tokens, output_tokens, cost_usd, latency_ms, outcome)
        SELECT 0, cycle, ${iso("timestamp")}, ${iso("timestamp")}, engine, template, prompt_hash, decision, cause, detail,
          input_tokens, output_tokens, cost_usd, latency_ms, outcome
        FROM hydra_decisions_v0 ORDER BY id;
        DROP TABLE hydra_decisions_v0;`);
    }
    if (scores.length > 0 && scores.includes("id")) {
      const cols =
        "engine, label, rank, weight, total_points, realized_pnl, trades, wins, sharpe, max_drawdown_pct, llm_cost_usd, net_of_cost";
      db.exec(`ALTER TABLE tournament_scores RENAME TO tournament_scores_v0;
        DROP INDEX IF EXISTS tournament_scores_time;
        CREATE TABLE tournament_history (
          id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, timestamp TEXT NOT NULL, engine TEXT NOT NULL,
          label TEXT NOT NULL, rank INTEGER NOT NULL, weight REAL NOT NULL, total_points REAL NOT NULL,
          realized_pnl REAL NOT NULL, trades INTEGER NOT NULL, wins INTEGER NOT NULL, sharpe REAL,
          max_drawdown_pct REAL NOT NULL, llm_cost_usd REAL NOT NULL, net_of_cost REAL NOT NULL);
        INSERT INTO tournament_history (run_id, timestamp, ${cols})
        SELECT 0, ${iso("timestamp")}, ${cols} FROM tournament_scores_v0 ORDER BY id;
        CREATE TABLE tournament_scores (
          engine TEXT PRIMARY KEY, timestamp TEXT NOT NULL, label TEXT NOT NULL, rank INTEGER NOT NULL, weight REAL NOT NULL,
          total_points REAL NOT NULL, realized_pnl REAL NOT NULL, trades INTEGER NOT NULL, wins INTEGER NOT NULL, sharpe REAL,
          max_drawdown_pct REAL NOT NULL, llm_cost_usd REAL NOT NULL, net_of_cost REAL NOT NULL);
        INSERT INTO tournament_scores (timestamp, ${cols})
        SELECT ${iso("timestamp")}, ${cols} FROM tournament_scores_v0 s
        WHERE s.id = (SELECT MAX(id) FROM tournament_scores_v0 t WHERE t.engine = s.engine);
        DROP TABLE tournament_scores_v0;`);
    }
  })();
}
