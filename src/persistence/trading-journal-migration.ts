import type { SqliteDatabase } from "./sqlite-database.js";

/**
 * Databases written before the time columns said their clock: each old column is renamed in place
 * (SQLite's RENAME COLUMN keeps the data, the constraints and the rows' order), and columns added since
 * are added. Idempotent: a current database is left as it is. Returns what it changed, for the log.
 */
const RENAMES: ReadonlyArray<[table: string, from: string, to: string]> = [
  ["trades", "open_time", "open_market_ms"],
  ["trades", "close_time", "close_market_ms"],
  ["orders", "created_at", "created_market_ms"],
  ["orders", "updated_at", "updated_market_ms"],
  ["positions", "open_time", "open_market_ms"],
  ["daily_stats", "start_time", "start_market_ms"],
  ["rule_state", "updated_at", "updated_market_ms"],
];

const ADDED: ReadonlyArray<[table: string, column: string, type: string]> = [
  ["orders", "code", "TEXT"],
  ["daily_stats", "start_equity", "REAL"],
  ["trades", "swap", "REAL NOT NULL DEFAULT 0"],
];

export function migrateTradingJournal(db: SqliteDatabase): string[] {
  const columns = (table: string): Set<string> =>
    new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
  const changed: string[] = [];
  db.transaction(() => {
    for (const [table, from, to] of RENAMES) {
      const have = columns(table);
      if (have.has(from) && !have.has(to)) {
        db.exec(`ALTER TABLE ${table} RENAME COLUMN ${from} TO ${to}`);
        changed.push(`${table}.${from} → ${to}`);
      }
    }
    for (const [table, column, type] of ADDED) {
      const have = columns(table);
      if (have.size > 0 && !have.has(column)) {
        db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
        changed.push(`${table}.${column} added`);
      }
    }
  })();
  return changed;
}
