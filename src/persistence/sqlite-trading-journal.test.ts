import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Order } from "../model/order.js";
import type { ClosedTrade } from "../model/position.js";
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
