import { describe, expect, it } from "vitest";
import { isHydraError } from "../core/errors.js";
import { type NodeStoreBackend, nodeStoreConnections } from "../core/test-support/contract-connections.js";
import type { Order } from "../model/order.js";
import type { ClosedTrade, Position } from "../model/position.js";
import type { DayStats } from "../portfolio/day-stats.js";
import type { TradingJournal } from "../portfolio/trading-journal.js";

/** A table whose rows the interface does not read back: the contract looks at them directly. */
type WrittenTable = "orders" | "positions";

/** One empty database of the suite (a SQLite file per node, or one PostgreSQL database for every node). */
export interface TradingJournalBackend extends NodeStoreBackend<TradingJournal> {
  /** node `nodeId`'s rows of `table` by id, with the SQLite columns (no node_id) */
  rows(nodeId: string, table: WrittenTable): Array<Record<string, unknown>>;
}

const trade = (positionId: string, over: Partial<ClosedTrade> = {}): ClosedTrade => ({
  positionId,
  source: "gold-london-reversal",
  symbol: "XAUUSD",
  side: "sell",
  volume: 0.5,
  openTime: 1_704_873_600_000,
  openPrice: 2034.56,
  closeTime: 1_704_877_200_000,
  closePrice: 2024.56,
  grossPnl: 500,
  commission: 3.5,
  swap: -12.01,
  netPnl: 484.49,
  exitReason: "tp",
  ...over,
});

const order = (id: string, over: Partial<Order> = {}): Order => ({
  id,
  source: "us30-orb",
  symbol: "US30",
  side: "buy",
  type: "market",
  volume: 0.1,
  price: Number.NaN,
  sl: Number.NaN,
  tp: Number.NaN,
  closesPositionId: undefined,
  expiresAt: Number.POSITIVE_INFINITY,
  tag: "",
  createdAt: 1_704_873_600_000,
  state: "submitted",
  updatedAt: 1_704_873_600_000,
  fillPrice: Number.NaN,
  reason: "",
  ...over,
});

const position = (id: string, over: Partial<Position> = {}): Position => ({
  id,
  source: "us30-orb",
  symbol: "US30",
  side: "buy",
  volume: 0.1,
  openPrice: 37_512.3,
  openTime: 1_704_873_600_250,
  sl: 37_400.1,
  tp: Number.NaN,
  commission: 0.35,
  tag: "",
  ...over,
});

const day = (key: string, startTime: number, endBalance: number): DayStats => ({
  day: key,
  startTime,
  startBalance: 100_000,
  startEquity: 99_950.25,
  endBalance,
  endEquity: endBalance,
  minEquity: endBalance - 100.01,
  maxEquity: endBalance + 100.99,
  realizedPnl: Number((endBalance - 100_000).toFixed(2)),
  opened: 2,
  closed: 1,
});

/** The behaviour every TradingJournal must have; each backend's test file calls it. */
export function tradingJournalContract(name: string, makeBackend: () => TradingJournalBackend): void {
  describe(`TradingJournal contract: ${name}`, () => {
    // a journal opened again is a new connection (a restart)
    const { connect: open, backend: db } = nodeStoreConnections(makeBackend);

    it("is empty at first: no trade, no day, no rule state", () => {
      const j = open();
      expect(j.trades()).toEqual([]);
      expect(j.days()).toEqual([]);
      expect(j.loadRuleState()).toBeUndefined();
      expect(db().rows("node-a", "orders")).toEqual([]);
      expect(db().rows("node-a", "positions")).toEqual([]);
    });

    it("keeps every field of a trade, each close once (the same close again adds nothing), in the order recorded", () => {
      const j = open();
      const partial = trade("T1", {
        volume: 0.2,
        closePrice: 2030.01,
        grossPnl: 90.2,
        swap: 0,
        netPnl: 86.7,
      });
      const rest = trade("T1", { volume: 0.3 });
      const other = trade("T2", { side: "buy", exitReason: "sl", grossPnl: -250.5, netPnl: -254 });
      j.recordTrade(partial);
      j.recordTrade(rest);
      j.recordTrade(partial); // a replay after a crash
      j.recordTrade(other);
      j.recordTrade(other);
      expect(j.trades()).toEqual([partial, rest, other]);
      // booked before swaps were: read back as 0
      const { swap: _, ...noSwap } = trade("T3");
      j.recordTrade(noSwap);
      expect(j.trades().at(-1)).toEqual({ ...noSwap, swap: 0 });
    });

    it("keeps money exact to the cent and every time to the millisecond (a fractional market ms too)", () => {
      const j = open();
      const cents = [0.01, 0.1 + 0.2, 99_999.99, 1_234_567.89, -0.07, -12_345.67, 100_496.53];
      for (const [i, c] of cents.entries())
        j.recordTrade(
          trade(`M${i}`, { grossPnl: c, commission: 0.07, swap: -c / 2, netPnl: c - 0.07 - c / 2 }),
        );
      j.recordTrade(trade("F1", { openTime: 1_704_873_600_000.5, closeTime: 1_704_877_200_123.25 }));
      const stored = j.trades();
      expect(stored.map((t) => t.grossPnl)).toEqual([...cents, 500]);
      cents.forEach((c, i) => {
        expect(stored[i]!.netPnl).toBe(c - 0.07 - c / 2);
        expect(stored[i]!.swap).toBe(-c / 2);
      });
      expect(stored.at(-1)).toMatchObject({ openTime: 1_704_873_600_000.5, closeTime: 1_704_877_200_123.25 });
      const d = { ...day("2024-01-10", 1_704_841_200_000, 100_496.53), realizedPnl: 0.1 + 0.2 };
      j.saveDay(d);
      expect(j.days()).toEqual([d]);
    });

    it("keeps an order's last state with its fill price and typed end code (none: NULL)", () => {
      const j = open();
      j.recordOrder(order("O1"));
      j.recordOrder(order("O1", { state: "filled", updatedAt: 1_704_873_600_180, fillPrice: 37_512.3 }));
      j.recordOrder(order("O2", { volume: 50, state: "rejected", reason: "NO_MONEY", code: "NO_MONEY" }));
      expect(db().rows("node-a", "orders")).toEqual([
        {
          id: "O1",
          bot: "us30-orb",
          symbol: "US30",
          side: "buy",
          type: "market",
          volume: 0.1,
          state: "filled",
          reason: "",
          code: null,
          created_market_ms: 1_704_873_600_000,
          updated_market_ms: 1_704_873_600_180,
          fill_price: 37_512.3,
        },
        {
          id: "O2",
          bot: "us30-orb",
          symbol: "US30",
          side: "buy",
          type: "market",
          volume: 50,
          state: "rejected",
          reason: "NO_MONEY",
          code: "NO_MONEY",
          created_market_ms: 1_704_873_600_000,
          updated_market_ms: 1_704_873_600_000,
          fill_price: null,
        },
      ]);
    });

    it("replaces the stored open positions with each save (every field; no stop: NULL)", () => {
      const j = open();
      j.savePositions([position("P1"), position("P2", { side: "sell", sl: Number.NaN, tp: 37_000.5 })]);
      expect(db().rows("node-a", "positions")).toEqual([
        {
          id: "P1",
          bot: "us30-orb",
          symbol: "US30",
          side: "buy",
          volume: 0.1,
          open_price: 37_512.3,
          open_market_ms: 1_704_873_600_250,
          sl: 37_400.1,
          tp: null,
        },
        {
          id: "P2",
          bot: "us30-orb",
          symbol: "US30",
          side: "sell",
          volume: 0.1,
          open_price: 37_512.3,
          open_market_ms: 1_704_873_600_250,
          sl: null,
          tp: 37_000.5,
        },
      ]);
      j.savePositions([position("P2", { volume: 0.05 })]);
      expect(
        db()
          .rows("node-a", "positions")
          .map((r) => [r.id, r.volume]),
      ).toEqual([["P2", 0.05]]);
      j.savePositions([]);
      expect(db().rows("node-a", "positions")).toEqual([]);
    });

    it("keeps every day, also the days that ended between two saves, and updates today (its start as first written)", () => {
      const j = open();
      const days = [day("2024-01-08", 1, 100_100), day("2024-01-09", 2, 100_200)];
      j.saveDays(days);
      // three market days pass before the next checkpoint (a fast replay): all of them are written
      days[1] = day("2024-01-09", 2, 100_250.5);
      days.push(day("2024-01-10", 3, 100_300), day("2024-01-11", 4, 100_400), day("2024-01-12", 5, 100_500));
      j.saveDays(days);
      days[4] = day("2024-01-12", 5, 100_555.55);
      j.saveDays(days);
      j.saveDays(days); // nothing new
      expect(j.days().map((d) => [d.day, d.endBalance])).toEqual([
        ["2024-01-08", 100_100],
        ["2024-01-09", 100_250.5],
        ["2024-01-10", 100_300],
        ["2024-01-11", 100_400],
        ["2024-01-12", 100_555.55],
      ]);
      expect(j.days()[0]).toEqual(day("2024-01-08", 1, 100_100));
      // a day saved again keeps the start it was first written with
      j.saveDay({ ...day("2024-01-12", 99, 100_600), startBalance: 1, startEquity: 2 });
      expect(j.days().at(-1)).toEqual(day("2024-01-12", 5, 100_600));
    });

    it("keeps every day of a long run saved at once (a 16-year replay's 6,000 days)", () => {
      const j = open();
      const start = Date.UTC(2008, 0, 1);
      const days = Array.from({ length: 6000 }, (_, i) =>
        day(
          new Date(start + i * 86_400_000).toISOString().slice(0, 10),
          start + i * 86_400_000,
          100_000 + i / 100,
        ),
      );
      j.saveDays(days);
      const stored = j.days();
      expect(stored).toHaveLength(6000);
      expect(stored[0]).toEqual(days[0]);
      expect(stored.at(-1)).toEqual(days.at(-1));
      expect(stored.map((d) => d.endBalance)).toEqual(days.map((d) => d.endBalance));
    });

    it("gives back the last rule state saved, any JSON document", () => {
      const j = open();
      j.saveRuleState({ program: "ftmo-2step", status: "active", floors: { daily: 95_000.01 } }, 5);
      expect(j.loadRuleState()).toEqual({
        program: "ftmo-2step",
        status: "active",
        floors: { daily: 95_000.01 },
      });
      j.saveRuleState(null, 6);
      expect(j.loadRuleState()).toBeNull();
      j.saveRuleState([{ status: "failed", rule: "max-loss" }], 7);
      expect(j.loadRuleState()).toEqual([{ status: "failed", rule: "max-loss" }]);
    });

    it("a reopened journal (a restart) sees what was written, adds nothing twice, and continues", () => {
      const a = open();
      a.recordTrade(trade("T1"));
      a.recordOrder(order("O1"));
      a.savePositions([position("P1")]);
      a.saveDays([day("2024-01-08", 1, 100_100), day("2024-01-09", 2, 100_200)]);
      a.saveRuleState({ status: "active" }, 5);
      a.close();
      const b = open();
      expect(b.trades()).toEqual([trade("T1")]);
      expect(b.days().map((d) => d.day)).toEqual(["2024-01-08", "2024-01-09"]);
      expect(b.loadRuleState()).toEqual({ status: "active" });
      b.recordTrade(trade("T1")); // replayed after the restart
      b.recordTrade(trade("T2"));
      b.recordOrder(order("O1", { state: "filled", fillPrice: 37_512.3 }));
      // the restarted run's ledger holds every day again: the open one is updated, none is doubled
      b.saveDays([
        day("2024-01-08", 1, 100_100),
        day("2024-01-09", 2, 100_210),
        day("2024-01-10", 3, 100_300),
      ]);
      expect(b.trades()).toEqual([trade("T1"), trade("T2")]);
      expect(b.days().map((d) => [d.day, d.endBalance])).toEqual([
        ["2024-01-08", 100_100],
        ["2024-01-09", 100_210],
        ["2024-01-10", 100_300],
      ]);
      expect(
        db()
          .rows("node-a", "orders")
          .map((r) => [r.id, r.state]),
      ).toEqual([["O1", "filled"]]);
      expect(
        db()
          .rows("node-a", "positions")
          .map((r) => r.id),
      ).toEqual(["P1"]);
      b.close();
      expect(open().trades()).toEqual([trade("T1"), trade("T2")]);
    });

    it("keeps the journals of two nodes on one database apart", () => {
      const a = open("node-a");
      const b = open("node-b");
      // the same ids on both nodes (each node numbers its own orders and positions)
      a.recordTrade(trade("T1"));
      b.recordTrade(trade("T1"));
      b.recordTrade(trade("T2"));
      a.recordOrder(order("O1", { state: "filled", fillPrice: 1 }));
      b.recordOrder(order("O1"));
      a.savePositions([position("P1")]);
      b.savePositions([position("P1", { volume: 0.3 }), position("P2")]);
      a.savePositions([]); // replaces node-a's set only
      a.saveDays([day("2024-01-08", 1, 100_100)]);
      b.saveDays([day("2024-01-08", 1, 90_000), day("2024-01-09", 2, 91_000)]);
      a.saveRuleState({ node: "a" }, 1);
      b.saveRuleState({ node: "b" }, 1);
      expect(a.trades()).toEqual([trade("T1")]);
      expect(b.trades()).toEqual([trade("T1"), trade("T2")]);
      expect(a.days().map((d) => d.endBalance)).toEqual([100_100]);
      expect(b.days().map((d) => d.endBalance)).toEqual([90_000, 91_000]);
      expect(a.loadRuleState()).toEqual({ node: "a" });
      expect(b.loadRuleState()).toEqual({ node: "b" });
      expect(
        db()
          .rows("node-a", "orders")
          .map((r) => r.state),
      ).toEqual(["filled"]);
      expect(
        db()
          .rows("node-b", "orders")
          .map((r) => r.state),
      ).toEqual(["submitted"]);
      expect(db().rows("node-a", "positions")).toEqual([]);
      expect(
        db()
          .rows("node-b", "positions")
          .map((r) => [r.id, r.volume]),
      ).toEqual([
        ["P1", 0.3],
        ["P2", 0.1],
      ]);
      // a node reopened after the other wrote continues its own trades
      a.close();
      const again = open("node-a");
      again.recordTrade(trade("T3"));
      expect(again.trades()).toEqual([trade("T1"), trade("T3")]);
      expect(b.trades()).toEqual([trade("T1"), trade("T2")]);
    });

    it("refuses every call once closed (STORAGE)", () => {
      const j = open();
      j.close();
      const calls: Record<string, () => unknown> = {
        recordTrade: () => j.recordTrade(trade("T1")),
        recordOrder: () => j.recordOrder(order("O1")),
        savePositions: () => j.savePositions([]),
        saveDay: () => j.saveDay(day("2024-01-08", 1, 1)),
        saveDays: () => j.saveDays([day("2024-01-08", 1, 1)]),
        saveRuleState: () => j.saveRuleState({}, 1),
        trades: () => j.trades(),
        days: () => j.days(),
        loadRuleState: () => j.loadRuleState(),
      };
      for (const [name, call] of Object.entries(calls)) {
        let err: unknown;
        try {
          call();
        } catch (e) {
          err = e;
        }
        expect(isHydraError(err) && err.code, name).toBe("STORAGE");
      }
    });
  });
}
