import type { Order } from "../model/order.js";
import type { ClosedTrade, Position } from "../model/position.js";
import type { DayStats } from "../portfolio/day-stats.js";
import type { TradingJournal } from "../portfolio/trading-journal.js";
import { openSqlite, type SqliteDatabase, storageError } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS trades (
  id INTEGER PRIMARY KEY AUTOINCREMENT, position_id TEXT NOT NULL, bot TEXT NOT NULL, symbol TEXT NOT NULL,
  side TEXT NOT NULL, volume REAL NOT NULL, open_time INTEGER NOT NULL, open_price REAL NOT NULL,
  close_time INTEGER NOT NULL, close_price REAL NOT NULL, gross_pnl REAL NOT NULL, commission REAL NOT NULL,
  net_pnl REAL NOT NULL, exit_reason TEXT NOT NULL,
  UNIQUE (position_id, close_time, volume, close_price)
);
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY, bot TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL,
  volume REAL NOT NULL, state TEXT NOT NULL, reason TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  fill_price REAL
);
CREATE TABLE IF NOT EXISTS positions (
  id TEXT PRIMARY KEY, bot TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL, volume REAL NOT NULL,
  open_price REAL NOT NULL, open_time INTEGER NOT NULL, sl REAL, tp REAL
);
CREATE TABLE IF NOT EXISTS daily_stats (
  day TEXT PRIMARY KEY, start_time INTEGER NOT NULL, start_balance REAL NOT NULL, end_balance REAL NOT NULL,
  end_equity REAL NOT NULL, min_equity REAL NOT NULL, max_equity REAL NOT NULL, realized_pnl REAL NOT NULL,
  opened INTEGER NOT NULL, closed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rule_state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL, updated_at INTEGER NOT NULL);
`;

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

interface TradeRow {
  position_id: string;
  bot: string;
  symbol: string;
  side: "buy" | "sell";
  volume: number;
  open_time: number;
  open_price: number;
  close_time: number;
  close_price: number;
  gross_pnl: number;
  commission: number;
  net_pnl: number;
  exit_reason: string;
}

/** The trading journal in a SQLite file (WAL), shared with the kill switch's guardian_state. */
export class SqliteTradingJournal implements TradingJournal {
  private constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
  ) {
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
      `INSERT INTO orders (id, bot, symbol, side, type, volume, state, reason, created_at, updated_at, fill_price)
       VALUES (?,?,?,?,?,?,?,?,?,?,?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, reason = excluded.reason, updated_at = excluded.updated_at, fill_price = excluded.fill_price`,
      o.id,
      o.source,
      o.symbol,
      o.side,
      o.type,
      o.volume,
      o.state,
      o.reason,
      o.createdAt,
      o.updatedAt,
      num(o.fillPrice),
    );
  }

  recordTrade(t: Readonly<ClosedTrade>): void {
    this.run(
      `INSERT OR IGNORE INTO trades (position_id, bot, symbol, side, volume, open_time, open_price, close_time, close_price, gross_pnl, commission, net_pnl, exit_reason)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
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
      t.netPnl,
      t.exitReason,
    );
  }

  savePositions(positions: readonly Position[]): void {
    const tx = this.db.transaction(() => {
      this.db.prepare("DELETE FROM positions").run();
      const ins = this.db.prepare(
        "INSERT INTO positions (id, bot, symbol, side, volume, open_price, open_time, sl, tp) VALUES (?,?,?,?,?,?,?,?,?)",
      );
      for (const p of positions)
        ins.run(p.id, p.source, p.symbol, p.side, p.volume, p.openPrice, p.openTime, num(p.sl), num(p.tp));
    });
    this.guard("save positions", () => tx());
  }

  saveDay(d: Readonly<DayStats>): void {
    this.run(
      `INSERT INTO daily_stats (day, start_time, start_balance, end_balance, end_equity, min_equity, max_equity, realized_pnl, opened, closed)
       VALUES (?,?,?,?,?,?,?,?,?,?)
       ON CONFLICT (day) DO UPDATE SET end_balance = excluded.end_balance, end_equity = excluded.end_equity, min_equity = excluded.min_equity,
         max_equity = excluded.max_equity, realized_pnl = excluded.realized_pnl, opened = excluded.opened, closed = excluded.closed`,
      d.day,
      d.startTime,
      d.startBalance,
      d.endBalance,
      d.endEquity,
      d.minEquity,
      d.maxEquity,
      d.realizedPnl,
      d.opened,
      d.closed,
    );
  }

  saveRuleState(state: unknown, time: number): void {
    this.run(
      "INSERT INTO rule_state (id, json, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
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
      openTime: r.open_time,
      openPrice: r.open_price,
      closeTime: r.close_time,
      closePrice: r.close_price,
      grossPnl: r.gross_pnl,
      commission: r.commission,
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
    try {
      return f();
    } catch (e) {
      throw storageError(`journal: ${what}`, this.file, e);
    }
  }
}
