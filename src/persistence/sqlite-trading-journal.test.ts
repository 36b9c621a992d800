import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { ClosedTrade } from "../model/position.js";
import { SqliteTradingJournal } from "./sqlite-trading-journal.js";
import { tradingJournalContract } from "./trading-journal.contract.js";
import { ORDER_COLUMNS, POSITION_COLUMNS } from "./trading-journal-rows.js";

const file = () => path.join(mkdtempSync(path.join(tmpdir(), "hydra-journal-")), "nested", "hydra.db");
const trade: ClosedTrade = {
  positionId: "T6001",
  source: "gold-london-reversal",
  symbol: "XAUUSD",
  side: "sell",
  volume: 0.5,
  openTime: 1,
  openPrice: 2000,
  closeTime: 2,
  closePrice: 1990,
  grossPnl: 500,
  commission: 3.5,
  swap: 0,
  netPnl: 496.5,
  exitReason: "tp",
};

// the same suite runs on PostgreSQL (postgres/postgres-trading-journal.test.ts)
tradingJournalContract("sqlite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-journal-"));
  // a file per node: each node has its own SQLite database
  const fileOf = (nodeId: string): string => path.join(dir, `${nodeId}.db`);
  return {
    connect: (nodeId) => SqliteTradingJournal.open(fileOf(nodeId)),
    rows: (nodeId, table) => {
      const db = new Database(fileOf(nodeId), { readonly: true });
      try {
        const columns = table === "orders" ? ORDER_COLUMNS : POSITION_COLUMNS;
        return db.prepare(`SELECT ${columns} FROM ${table} ORDER BY id`).all() as Array<
          Record<string, unknown>
        >;
      } finally {
        db.close();
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("SQLite trading journal", () => {
  it("names the file in a storage error", () => {
    // a folder that cannot exist: its parent is a regular file
    const parentIsFile = path.join(path.dirname(file()), "..", "x.db");
    writeFileSync(parentIsFile, "not a folder");
    expect(() => SqliteTradingJournal.open(path.join(parentIsFile, "x.db"))).toThrow(/x\.db/);
  });
});

describe("time columns named for their clock", () => {
  it("names every time column *_market_ms in a new database", () => {
    const f = file();
    SqliteTradingJournal.open(f).close();
    const db = new Database(f, { readonly: true });
    const timeColumns = ["trades", "orders", "positions", "daily_stats", "rule_state"].flatMap((t) =>
      (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>)
        .map((c) => `${t}.${c.name}`)
        .filter((c) => /time|_at$|_ms$/.test(c)),
    );
    db.close();
    expect(timeColumns).toEqual([
      "trades.open_market_ms",
      "trades.close_market_ms",
      "orders.created_market_ms",
      "orders.updated_market_ms",
      "positions.open_market_ms",
      "daily_stats.start_market_ms",
      "rule_state.updated_market_ms",
    ]);
  });

  it("migrates a database with the old column names in place, keeping its rows, once", () => {
    const f = path.join(mkdtempSync(path.join(tmpdir(), "hydra-journal-")), "old.db");
    const old = new Database(f);
    old.exec(`
      CREATE TABLE trades (
        id INTEGER PRIMARY KEY AUTOINCREMENT, position_id TEXT NOT NULL, bot TEXT NOT NULL, symbol TEXT NOT NULL,
        side TEXT NOT NULL, volume REAL NOT NULL, open_time INTEGER NOT NULL, open_price REAL NOT NULL,
        close_time INTEGER NOT NULL, close_price REAL NOT NULL, gross_pnl REAL NOT NULL, commission REAL NOT NULL,
        net_pnl REAL NOT NULL, exit_reason TEXT NOT NULL, UNIQUE (position_id, close_time, volume, close_price));
      CREATE TABLE orders (
        id TEXT PRIMARY KEY, bot TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL,
        volume REAL NOT NULL, state TEXT NOT NULL, reason TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        fill_price REAL);
      CREATE TABLE positions (
        id TEXT PRIMARY KEY, bot TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL, volume REAL NOT NULL,
        open_price REAL NOT NULL, open_time INTEGER NOT NULL, sl REAL, tp REAL);
      CREATE TABLE daily_stats (
        day TEXT PRIMARY KEY, start_time INTEGER NOT NULL, start_balance REAL NOT NULL, end_balance REAL NOT NULL,
        end_equity REAL NOT NULL, min_equity REAL NOT NULL, max_equity REAL NOT NULL, realized_pnl REAL NOT NULL,
        opened INTEGER NOT NULL, closed INTEGER NOT NULL);
      CREATE TABLE rule_state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL, updated_at INTEGER NOT NULL);
      INSERT INTO trades (position_id, bot, symbol, side, volume, open_time, open_price, close_time, close_price,
        gross_pnl, commission, net_pnl, exit_reason)
        VALUES ('T6001', 'gold-london-reversal', 'XAUUSD', 'sell', 0.5, 1, 2000, 2, 1990, 500, 3.5, 496.5, 'tp');
      INSERT INTO daily_stats VALUES ('2024-01-10', 0, 100000, 100496.5, 100496.5, 99800, 100600, 496.5, 1, 1);
      INSERT INTO rule_state VALUES (1, '{"status":"failed"}', 7);
    `);
    old.close();
    const j = SqliteTradingJournal.open(f);
    expect(j.migrated).toEqual([
      "trades.open_time → open_market_ms",
      "trades.close_time → close_market_ms",
      "orders.created_at → created_market_ms",
      "orders.updated_at → updated_market_ms",
      "positions.open_time → open_market_ms",
      "daily_stats.start_time → start_market_ms",
      "rule_state.updated_at → updated_market_ms",
      "orders.code added",
      "daily_stats.start_equity added",
      "trades.swap added",
    ]);
    expect(j.trades()).toEqual([trade]);
    // the unique key moved with its column: the same close again is still kept once
    j.recordTrade(trade);
    expect(j.trades()).toHaveLength(1);
    expect(j.loadRuleState()).toEqual({ status: "failed" });
    expect(j.days()[0]).toMatchObject({ day: "2024-01-10", startTime: 0, endBalance: 100_496.5 });
    j.close();
    const again = SqliteTradingJournal.open(f);
    expect(again.migrated).toEqual([]);
    again.close();
  });
});
