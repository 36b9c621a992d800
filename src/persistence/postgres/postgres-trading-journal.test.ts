import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { isHydraError } from "../../core/errors.js";
import { PG_SKIP_REASON, testCluster } from "../test-support/pg-test-cluster.js";
import { tradingJournalContract } from "../trading-journal.contract.js";
import { ORDER_COLUMNS, POSITION_COLUMNS } from "../trading-journal-rows.js";
import type { PgSyncClient } from "./pg-sync-client.js";
import { openPostgres } from "./postgres-database.js";
import { PostgresTradingJournal } from "./postgres-trading-journal.js";

/** One PostgreSQL schema for every node of a test; each journal opened on a connection of its own (a process). */
function pgBackend() {
  const url = testCluster().newSchema();
  const clients: PgSyncClient[] = [];
  const connect = (): PgSyncClient => {
    const c = openPostgres(url, 1);
    clients.push(c);
    return c;
  };
  const reader = connect();
  return {
    open: (nodeId: string) => new PostgresTradingJournal(connect(), nodeId),
    rows: (nodeId: string, table: "orders" | "positions") =>
      reader.query(
        `SELECT ${table === "orders" ? ORDER_COLUMNS : POSITION_COLUMNS} FROM ${table} WHERE node_id = $1 ORDER BY id COLLATE "C"`,
        [nodeId],
      ).rows,
    client: reader,
    cleanup: () => {
      for (const c of clients) c.close();
    },
  };
}

if (PG_SKIP_REASON !== undefined) {
  console.warn(`skipping the PostgreSQL trading journal tests: ${PG_SKIP_REASON}`);
  describe.skip(`PostgreSQL trading journal (${PG_SKIP_REASON})`, () => {
    it("needs PostgreSQL", () => {});
  });
} else {
  // the same contract suite as SQLite's (sqlite-trading-journal.test.ts), on a real PostgreSQL
  tradingJournalContract("postgres", pgBackend);

  describe("PostgreSQL trading journal", () => {
    it("names the table and the node when PostgreSQL refuses a write (STORAGE), and the rows carry the node id", () => {
      const b = pgBackend();
      try {
        const j = new PostgresTradingJournal(b.client, "node-x");
        j.saveRuleState({ status: "active" }, 1);
        expect(b.client.query("SELECT node_id, json FROM rule_state").rows).toEqual([
          { node_id: "node-x", json: '{"status":"active"}' },
        ]);
        b.client.query(
          "ALTER TABLE rule_state ADD CONSTRAINT no_writes CHECK (updated_market_ms < 0) NOT VALID",
        );
        let err: unknown;
        try {
          j.saveRuleState({ status: "failed" }, 2);
        } catch (e) {
          err = e;
        }
        expect(isHydraError(err) && err.code).toBe("STORAGE");
        expect((err as Error).message).toMatch(
          /node node-x.*save the rule state \(table rule_state\):.*violates check constraint "no_writes"/,
        );
        expect(j.loadRuleState()).toEqual({ status: "active" });
      } finally {
        b.cleanup();
      }
    });

    it("logs one write's and one read's round trip (measured, not asserted)", () => {
      const b = pgBackend();
      try {
        const j = new PostgresTradingJournal(b.client, "node-m");
        const trade = {
          positionId: "T1",
          source: "bot",
          symbol: "XAUUSD",
          side: "buy" as const,
          volume: 0.1,
          openTime: 1,
          openPrice: 2000,
          closeTime: 2,
          closePrice: 2001,
          grossPnl: 10,
          commission: 0.7,
          swap: 0,
          netPnl: 9.3,
          exitReason: "tp",
        };
        j.recordTrade(trade); // the first statement of a connection prepares more than the next
        const t0 = performance.now();
        for (let i = 0; i < 20; i++) j.recordTrade({ ...trade, positionId: `T${i + 2}` });
        const t1 = performance.now();
        for (let i = 0; i < 20; i++) j.trades();
        const t2 = performance.now();
        expect(j.trades()).toHaveLength(21);
        console.log(
          `PostgreSQL trading journal: recordTrade ${((t1 - t0) / 20).toFixed(3)} ms, trades() of 21 ${((t2 - t1) / 20).toFixed(3)} ms (mean of 20, unix socket)`,
        );
      } finally {
        b.cleanup();
      }
    });
  });
}
