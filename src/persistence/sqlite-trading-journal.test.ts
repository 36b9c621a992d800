import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Order } from "../model/order.js";
import type { ClosedTrade } from "../model/position.js";
import type { DayStats } from "../portfolio/day-stats.js";
import { SqliteTradingJournal } from "./sqlite-trading-journal.js";

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

describe("SQLite trading journal", () => {
  it("keeps trades, orders, positions, days and rule state across connections (a restart)", () => {
    const f = file();
    const a = SqliteTradingJournal.open(f);
    a.recordTrade(trade);
    a.recordTrade(trade); // the same close again (a replay after a crash) is kept once
    const order = {
      id: "O1",
      source: "bot",
      symbol: "XAUUSD",
      side: "buy",
      type: "market",
      volume: 0.1,
      state: "submitted",
      reason: "",
      createdAt: 1,
      updatedAt: 1,
      fillPrice: Number.NaN,
    } as Order;
    a.recordOrder(order);
    a.recordOrder({ ...order, state: "filled", updatedAt: 2, fillPrice: 2000.3 });
    a.savePositions([
      {
        id: "T1",
        source: "bot",
        symbol: "XAUUSD",
        side: "buy",
        volume: 0.1,
        openPrice: 2000.3,
        openTime: 2,
        sl: 1990,
        tp: Number.NaN,
        commission: 0,
        tag: "",
      },
    ]);
    a.saveDay({
      day: "2024-01-10",
      startTime: 0,
      startBalance: 100_000,
      startEquity: 100_000,
      endBalance: 100_496.5,
      endEquity: 100_496.5,
      minEquity: 99_800,
      maxEquity: 100_600,
      realizedPnl: 496.5,
      opened: 1,
      closed: 1,
    });
    a.saveRuleState({ program: "ftmo-2step", status: "active" }, 5);
    const b = SqliteTradingJournal.open(f);
    expect(b.trades()).toEqual([trade]);
    expect(b.loadRuleState()).toEqual({ program: "ftmo-2step", status: "active" });
    a.close();
    b.close();
  });

  it("names the file in a storage error", () => {
    // a folder that cannot exist: its parent is a regular file
    const parentIsFile = path.join(path.dirname(file()), "..", "x.db");
    writeFileSync(parentIsFile, "not a folder");
    expect(() => SqliteTradingJournal.open(path.join(parentIsFile, "x.db"))).toThrow(/x\.db/);
  });
});

const day = (key: string, startTime: number, endBalance: number): DayStats => ({
  day: key,
  startTime,
  startBalance: 100_000,
  startEquity: 99_950,
  endBalance,
  endEquity: endBalance,
  minEquity: endBalance - 100,
  maxEquity: endBalance + 100,
  realizedPnl: endBalance - 100_000,
  opened: 1,
  closed: 1,
});

describe("daily_stats", () => {
  it("keeps every day, also the days that ended between two saves, and updates today", () => {
    const f = file();
    const j = SqliteTradingJournal.open(f);
    const days = [day("2024-01-08", 1, 100_100), day("2024-01-09", 2, 100_200)];
    j.saveDays(days);
    // three market days pass before the next checkpoint (a fast replay): all of them are written
    days[1] = day("2024-01-09", 2, 100_250);
    days.push(day("2024-01-10", 3, 100_300), day("2024-01-11", 4, 100_400), day("2024-01-12", 5, 100_500));
    j.saveDays(days);
    days[4] = day("2024-01-12", 5, 100_555);
    j.saveDays(days);
    j.close();
    const stored = SqliteTradingJournal.open(f);
    expect(stored.days().map((d) => [d.day, d.endBalance])).toEqual([
      ["2024-01-08", 100_100],
      ["2024-01-09", 100_250],
      ["2024-01-10", 100_300],
      ["2024-01-11", 100_400],
      ["2024-01-12", 100_555],
    ]);
    expect(stored.days()[0]).toEqual(day("2024-01-08", 1, 100_100));
    stored.close();
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

  it("keeps a trade's swap (the broker's or a rollover's), so its net P&L adds up in the journal", () => {
    const j = SqliteTradingJournal.open(file());
    const held = { ...trade, positionId: "T7001", swap: -12, netPnl: 484.5 };
    j.recordTrade(held);
    expect(j.trades()).toEqual([held]);
    const t = j.trades()[0]!;
    expect(t.grossPnl - t.commission + (t.swap ?? 0)).toBe(t.netPnl);
    j.close();
  });

  it("stores an order's typed end code beside its reason", () => {
    const f = file();
    const j = SqliteTradingJournal.open(f);
    j.recordOrder({
      id: "R1-O1",
      source: "bot",
      symbol: "XAUUSD",
      side: "buy",
      type: "market",
      volume: 50,
      price: Number.NaN,
      sl: Number.NaN,
      tp: Number.NaN,
      closesPositionId: undefined,
      expiresAt: Number.POSITIVE_INFINITY,
      tag: "",
      createdAt: 1,
      state: "rejected",
      updatedAt: 2,
      fillPrice: Number.NaN,
      reason: "NO_MONEY",
      code: "NO_MONEY",
    });
    j.close();
    const db = new Database(f, { readonly: true });
    expect(
      db.prepare("SELECT state, reason, code, created_market_ms, updated_market_ms FROM orders").get(),
    ).toEqual({
      state: "rejected",
      reason: "NO_MONEY",
      code: "NO_MONEY",
      created_market_ms: 1,
      updated_market_ms: 2,
    });
    db.close();
  });
});
