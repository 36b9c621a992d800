import type { Order } from "../model/order.js";
import type { ClosedTrade, Position } from "../model/position.js";
import type { DayStats } from "../portfolio/day-stats.js";
import type { TradingJournal } from "../portfolio/trading-journal.js";
import { guarded, openSqlite, type SqliteDatabase, storageError } from "./sqlite-database.js";
import { migrateTradingJournal } from "./trading-journal-migration.js";
import {
  DAY_COLUMNS,
  DAY_UPDATE,
  type DayRow,
  dayOf,
  dayParams,
  ORDER_COLUMNS,
  ORDER_UPDATE,
  orderParams,
  POSITION_COLUMNS,
  pendingDays,
  positionParams,
  TRADE_COLUMNS,
  type TradeRow,
  tradeOf,
  tradeParams,
} from "./trading-journal-rows.js";

/**
 * Every time is epoch milliseconds on the market clock, and its column says so (`*_market_ms`): the
 * kernel's clock, which is the feed's (the wall clock in paper, shadow and live trading; the data's in a
 * replay). `daily_stats` keeps one row per trading day, every day of the run.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS trades (
  id INTEGER PRIMARY KEY AUTOINCREMENT, position_id TEXT NOT NULL, bot TEXT NOT NULL, symbol TEXT NOT NULL,
  side TEXT NOT NULL, volume REAL NOT NULL, open_market_ms INTEGER NOT NULL, open_price REAL NOT NULL,
  close_market_ms INTEGER NOT NULL, close_price REAL NOT NULL, gross_pnl REAL NOT NULL, commission REAL NOT NULL, swap REAL NOT NULL DEFAULT 0,
  net_pnl REAL NOT NULL, exit_reason TEXT NOT NULL,
  UNIQUE (position_id, close_market_ms, volume, close_price)
);
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY, bot TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL,
  volume REAL NOT NULL, state TEXT NOT NULL, reason TEXT, code TEXT, created_market_ms INTEGER NOT NULL,
  updated_market_ms INTEGER NOT NULL, fill_price REAL
);
CREATE TABLE IF NOT EXISTS positions (
  id TEXT PRIMARY KEY, bot TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL, volume REAL NOT NULL,
  open_price REAL NOT NULL, open_market_ms INTEGER NOT NULL, sl REAL, tp REAL
);
CREATE TABLE IF NOT EXISTS daily_stats (
  day TEXT PRIMARY KEY, start_market_ms INTEGER NOT NULL, start_balance REAL NOT NULL, start_equity REAL,
  end_balance REAL NOT NULL,
  end_equity REAL NOT NULL, min_equity REAL NOT NULL, max_equity REAL NOT NULL, realized_pnl REAL NOT NULL,
  opened INTEGER NOT NULL, closed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rule_state (
  id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL, updated_market_ms INTEGER NOT NULL
);
`;

const DAY_UPSERT = `INSERT INTO daily_stats (${DAY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)
  ON CONFLICT (day) DO UPDATE SET ${DAY_UPDATE}`;

/** The trading journal in a SQLite file (WAL), shared with the kill switch's guardian_state. */
export class SqliteTradingJournal implements TradingJournal {
  /** the columns an older database had renamed or added when it was opened (empty when current) */
  readonly migrated: readonly string[];
  /** the first day `saveDays` still writes: the days before it were written after they ended */
  private openDay = "";

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
  ) {
    this.migrated = migrateTradingJournal(db);
    db.exec(SCHEMA);
  }

  static open(file: string): SqliteTradingJournal {
    const db = openSqlite(file);
    try {
      return new SqliteTradingJournal(db, file);
    } catch (e) {
      db.close();
      throw storageError("cannot create the journal tables", file, e);
    }
  }

  recordOrder(o: Readonly<Order>): void {
    this.run(
      `INSERT INTO orders (${ORDER_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET ${ORDER_UPDATE}`,
      ...orderParams(o),
    );
  }

  recordTrade(t: Readonly<ClosedTrade>): void {
    this.run(
      `INSERT OR IGNORE INTO trades (${TRADE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      ...tradeParams(t),
    );
  }

  savePositions(positions: readonly Position[]): void {
    // inside the guard: a closed database fails as STORAGE like every other call
    this.guard("save positions", () =>
      this.db.transaction(() => {
        this.db.prepare("DELETE FROM positions").run();
        const ins = this.db.prepare(`INSERT INTO positions (${POSITION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)`);
        for (const p of positions) ins.run(...positionParams(p));
      })(),
    );
  }

  saveDay(d: Readonly<DayStats>): void {
    this.run(DAY_UPSERT, ...dayParams(d));
  }

  /**
   * Every day of the run (the ledger's `days`, today last), in one transaction. A day is written until
   * the call after it ended, so nothing is lost between checkpoints when several days pass between two
   * (a fast replay, a weekend); days already final are skipped.
   */
  saveDays(days: readonly Readonly<DayStats>[]): void {
    const pending = pendingDays(days, this.openDay);
    if (pending.length === 0) return;
    this.guard("save days", () => {
      const upsert = this.db.prepare(DAY_UPSERT);
      this.db.transaction(() => {
        for (const d of pending) upsert.run(...dayParams(d));
      })();
    });
    this.openDay = pending.at(-1)!.day;
  }

  /** The stored days, oldest first. */
  days(): DayStats[] {
    const rows = this.guard(
      "read days",
      () => this.db.prepare("SELECT * FROM daily_stats ORDER BY day").all() as DayRow[],
    );
    return rows.map(dayOf);
  }

  saveRuleState(state: unknown, time: number): void {
    this.run(
      "INSERT INTO rule_state (id, json, updated_market_ms) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_market_ms = excluded.updated_market_ms",
      JSON.stringify(state),
      time,
    );
  }

  trades(): ClosedTrade[] {
    const rows = this.guard(
      "read trades",
      () => this.db.prepare("SELECT * FROM trades ORDER BY id").all() as TradeRow[],
    );
    return rows.map(tradeOf);
  }

  loadRuleState(): unknown {
    const row = this.guard(
      "read rule state",
      () => this.db.prepare("SELECT json FROM rule_state WHERE id = 1").get() as { json: string } | undefined,
    );
    return row === undefined ? undefined : JSON.parse(row.json);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private run(sql: string, ...params: unknown[]): void {
    this.guard("write", () => this.db.prepare(sql).run(...params));
  }

  private guard<T>(what: string, f: () => T): T {
    return guarded(`journal: ${what}`, this.file, f);
  }
}
