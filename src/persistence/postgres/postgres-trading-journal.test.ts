import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { isHydraError } from "../../core/errors.js";
import { bareCheckpoint, checkpointStoreContract } from "../../runtime/ftmo/checkpoint-store.contract.js";
import type { FtmoCheckpoint } from "../../runtime/ftmo/ftmo-checkpoint.js";
import { PostgresCheckpointStore } from "../../runtime/ftmo/postgres-checkpoint-store.js";
import { PG_SKIP_REASON, testCluster } from "../test-support/pg-test-cluster.js";
import { tradingJournalContract } from "../trading-journal.contract.js";
import { ORDER_COLUMNS, POSITION_COLUMNS } from "../trading-journal-rows.js";
import type { PgSyncClient } from "./pg-sync-client.js";
import { openPostgres } from "./postgres-database.js";
import { PostgresTradingJournal } from "./postgres-trading-journal.js";

/**
 * The FTMO half on a real PostgreSQL: the trading journal's and the checkpoint's contract suites (the
 * same as SQLite's and the file's). Every test's nodes share one migrated database, as a fleet does:
 * each test takes node ids no other test uses, so it starts empty without a migration of its own.
 */
let shared: PgSyncClient | undefined;
let tests = 0;
const database = (): PgSyncClient => {
  shared ??= openPostgres(testCluster().newSchema(), 1);
  return shared;
};
/** node ids of this test only: `t<n>-<id>` */
const fresh = (): ((nodeId: string) => string) => {
  tests += 1;
  const prefix = `t${tests}-`;
  return (nodeId) => prefix + nodeId;
};

const checkpoint = (runId: number): FtmoCheckpoint => bareCheckpoint({ mode: "live", runId });

if (PG_SKIP_REASON !== undefined) {
  console.warn(`skipping the PostgreSQL trading journal and checkpoint tests: ${PG_SKIP_REASON}`);
  describe.skip(`PostgreSQL trading journal and checkpoint (${PG_SKIP_REASON})`, () => {
    it("needs PostgreSQL", () => {});
  });
} else {
  afterAll(() => shared?.close());

  // a journal reopened is a new store on the connection (the store keeps its own state: the last trade id, the open day)
  tradingJournalContract("postgres", () => {
    const db = database();
    const node = fresh();
    return {
      connect: (nodeId) => new PostgresTradingJournal(db, node(nodeId)),
      rows: (nodeId, table) =>
        db.query(
          `SELECT ${table === "orders" ? ORDER_COLUMNS : POSITION_COLUMNS} FROM ${table} WHERE node_id = $1 ORDER BY id COLLATE "C"`,
          [node(nodeId)],
        ).rows,
      cleanup: () => {},
    };
  });

  checkpointStoreContract("postgres", () => {
    const db = database();
    const node = fresh();
    return {
      connect: (nodeId) => Object.assign(new PostgresCheckpointStore(db, node(nodeId)), { close: () => {} }),
      corrupt: (nodeId, text) =>
        db.write(
          `INSERT INTO ftmo_checkpoints (node_id, json, saved_wall) VALUES ($1, $2, 0)
           ON CONFLICT (node_id) DO UPDATE SET json = excluded.json`,
          [node(nodeId), text],
        ),
      raw: (nodeId) =>
        db.query<{ json: string }>("SELECT json FROM ftmo_checkpoints WHERE node_id = $1", [node(nodeId)])
          .rows[0]?.json,
      cleanup: () => {},
    };
  });

  describe("PostgreSQL trading journal", () => {
    it("names the table and the node when PostgreSQL refuses a write (STORAGE); every row carries the node id", () => {
      // a database of its own: the test changes a table
      const c = openPostgres(testCluster().newSchema(), 1);
      try {
        const j = new PostgresTradingJournal(c, "node-x");
        j.saveRuleState({ status: "active" }, 1);
        expect(c.query("SELECT node_id, json FROM rule_state").rows).toEqual([
          { node_id: "node-x", json: '{"status":"active"}' },
        ]);
        c.query("ALTER TABLE rule_state ADD CONSTRAINT no_writes CHECK (updated_market_ms < 0) NOT VALID");
        let err: unknown;
        try {
          j.saveRuleState({ status: "failed" }, 2);
        } catch (e) {
          err = e;
        }
        expect(isHydraError(err) && err.code).toBe("STORAGE");
        expect(isHydraError(err) && err.details).toMatchObject({
          table: "rule_state",
          nodeId: "node-x",
          sqlState: "23514",
        });
        expect((err as Error).message).toMatch(
          /node node-x.*save the rule state \(table rule_state\):.*violates check constraint "no_writes"/,
        );
        expect(j.loadRuleState()).toEqual({ status: "active" });
      } finally {
        c.close();
      }
    });

    it("logs one write's and one read's round trip (measured, not asserted)", () => {
      const j = new PostgresTradingJournal(database(), fresh()("node-m"));
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
      j.recordTrade(trade); // the first statement of its kind costs more than the next
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) j.recordTrade({ ...trade, positionId: `T${i + 2}` });
      const t1 = performance.now();
      for (let i = 0; i < 20; i++) j.trades();
      const t2 = performance.now();
      expect(j.trades()).toHaveLength(21);
      console.log(
        `PostgreSQL trading journal: recordTrade ${((t1 - t0) / 20).toFixed(3)} ms, trades() of 21 ${((t2 - t1) / 20).toFixed(3)} ms (mean of 20, unix socket)`,
      );
    });
  });

  describe("the FTMO checkpoint in PostgreSQL", () => {
    it("is a row of ftmo_checkpoints under the node id, saved_wall its wall time; a refusal names the table, the node and the statement that clears it", () => {
      const db = database();
      const node = fresh()("node-x");
      const s = new PostgresCheckpointStore(db, node);
      s.write(checkpoint(7));
      expect(
        db.query("SELECT node_id, saved_wall FROM ftmo_checkpoints WHERE node_id = $1", [node]).rows,
      ).toEqual([{ node_id: node, saved_wall: Date.parse("2024-01-10T09:00:01.250Z") }]);
      db.write("UPDATE ftmo_checkpoints SET json = '{' WHERE node_id = $1", [node]);
      expect(() => s.read()).toThrow(
        new RegExp(
          `^ftmo_checkpoints \\(node ${node}\\): the checkpoint is not JSON .*restore it from a backup of the database, or delete the row \\(DELETE FROM ftmo_checkpoints WHERE node_id = '${node}'\\) to start the challenge afresh$`,
        ),
      );
    });

    it("logs one write's and one read's round trip (measured, not asserted)", () => {
      const s = new PostgresCheckpointStore(database(), fresh()("node-m"));
      s.write(checkpoint(1));
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) s.write(checkpoint(i));
      const t1 = performance.now();
      for (let i = 0; i < 20; i++) s.read();
      const t2 = performance.now();
      expect(s.read()!.runId).toBe(19);
      console.log(
        `PostgreSQL checkpoint: write ${((t1 - t0) / 20).toFixed(3)} ms, read ${((t2 - t1) / 20).toFixed(3)} ms (mean of 20, unix socket)`,
      );
    });
  });
}
