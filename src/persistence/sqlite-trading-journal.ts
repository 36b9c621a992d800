import type { Order } from "../model/order.js";
import type { ClosedTrade, Position } from "../model/position.js";
import type { DayStats } from "../portfolio/day-stats.js";
import type { TradingJournal } from "../portfolio/trading-journal.js";
import { guarded, openSqlite, type SqliteDatabase, storageError } from "./sqlite-database.js";
import { migrateTradingJournal } from "./trading-journal-migration.js";

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

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

interface TradeRow {
  position_id: string;
  bot: string;
  symbol: string;
  side: "buy" | "sell";
  volume: number;
  open_market_ms: number;
  open_price: number;
  close_market_ms: number;
  close_price: number;
  gross_pnl: number;
  commission: number;
  swap: number | null;
  net_pnl: number;
  exit_reason: string;
}

interface DayRow {
  day: string;
  start_market_ms: number;
  start_balance: number;
  /** null in rows written before the column existed */
  start_equity: number | null;
  end_balance: number;
  end_equity: number;
  min_equity: number;
  max_equity: number;
  realized_pnl: number;
  opened: number;
  closed: number;
}

const DAY_UPSERT = `INSERT INTO daily_stats (day, start_market_ms, start_balance, start_equity, end_balance, end_equity, min_equity, max_equity, realized_pnl, opened, closed)
  VALUES (?,?,?,?,?,?,?,?,?,?,?)
  ON CONFLICT (day) DO UPDATE SET end_balance = excluded.end_balance, end_equity = excluded.end_equity, min_equity = excluded.min_equity,
    max_equity = excluded.max_equity, realized_pnl = excluded.realized_pnl, opened = excluded.opened, closed = excluded.closed`;

const dayParams = (d: Readonly<DayStats>): unknown[] => [
  d.day,
  d.startTime,
  d.startBalance,
  d.startEquity,
  d.endBalance,
  d.endEquity,
  d.minEquity,
  d.maxEquity,
  d.realizedPnl,
  d.opened,
  d.closed,
];

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
      `INSERT INTO orders (id, bot, symbol, side, type, volume, state, reason, code, created_market_ms, updated_market_ms, fill_price)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, reason = excluded.reason, code = excluded.code,
         updated_market_ms = excluded.updated_market_ms, fill_price = excluded.fill_price`,
      o.id,
      o.source,
      o.symbol,
      o.side,
      o.type,
      o.volume,
      o.state,
      o.reason,
      o.code ?? null,
      o.createdAt,
      o.updatedAt,
      num(o.fillPrice),
    );
  }

  recordTrade(t: Readonly<ClosedTrade>): void {
    this.run(
      `INSERT OR IGNORE INTO trades (position_id, bot, symbol, side, volume, open_market_ms, open_price, close_market_ms, close_price, gross_pnl, commission, swap, net_pnl, exit_reason)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      t.positionId,
      t.source,
      t.symbol,
      t.side,
      t.volume,
      t.openTime,
      t.openPrice,
      t.closeTime,
      t.closePrice,
      t.grossPnl,
      t.commission,
      t.swap ?? 0,
      t.netPnl,
      t.exitReason,
    );
  }

  savePositions(positions: readonly Position[]): void {
    const tx = this.db.transaction(() => {
      this.db.prepare("DELETE FROM positions").run();
      const ins = this.db.prepare(
        "INSERT INTO positions (id, bot, symbol, side, volume, open_price, open_market_ms, sl, tp) VALUES (?,?,?,?,?,?,?,?,?)",
      );
      for (const p of positions)
        ins.run(p.id, p.source, p.symbol, p.side, p.volume, p.openPrice, p.openTime, num(p.sl), num(p.tp));
    });
    this.guard("save positions", () => tx());
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
    const pending = days.filter((d) => d.day >= this.openDay);
    if (pending.length === 0) return;
    const upsert = this.db.prepare(DAY_UPSERT);
    this.guard("save days", () =>
      this.db.transaction(() => {
        for (const d of pending) upsert.run(...dayParams(d));
      })(),
    );
    this.openDay = pending.at(-1)!.day;
  }

  /** The stored days, oldest first. */
  days(): DayStats[] {
    const rows = this.guard(
      "read days",
      () => this.db.prepare("SELECT * FROM daily_stats ORDER BY day").all() as DayRow[],
    );
    return rows.map((r) => ({
      day: r.day,
      startTime: r.start_market_ms,
      startBalance: r.start_balance,
      startEquity: r.start_equity ?? r.start_balance,
      endBalance: r.end_balance,
      endEquity: r.end_equity,
      minEquity: r.min_equity,
      maxEquity: r.max_equity,
      realizedPnl: r.realized_pnl,
      opened: r.opened,
      closed: r.closed,
    }));
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
    return rows.map((r) => ({
      positionId: r.position_id,
      source: r.bot,
      symbol: r.symbol,
      side: r.side,
      volume: r.volume,
      openTime: r.open_market_ms,
      openPrice: r.open_price,
      closeTime: r.close_market_ms,
      closePrice: r.close_price,
      grossPnl: r.gross_pnl,
      commission: r.commission,
      swap: r.swap ?? 0,
      netPnl: r.net_pnl,
      exitReason: r.exit_reason,
    }));
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
