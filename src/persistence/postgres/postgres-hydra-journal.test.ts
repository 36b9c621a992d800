import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import type { DecisionRecord, EngineSpend, ScoreRow } from "../../hydra/mother/hydra-journal.js";
import { offlineEngines } from "../../hydra/offline/index.js";
import type { SavedHydraRun } from "../../hydra/orchestrator/hydra-state.js";
import type { DeskMark } from "../../hydra/tournament/daily-series.js";
import type { EngineAsk } from "../../hydra/tournament/engine-ask.js";
import type { ClosedTrade } from "../../model/position.js";
import { runHydra } from "../../runtime/hydra-run.js";
import { engineStats, leaderboardJson, leaderboardTable, recentTrades } from "../../runtime/hydra-stats.js";
import { hydraJournalContract } from "../hydra-journal.contract.js";
import type { HydraJournalStore, HydraStateStoreHandle } from "../hydra-journal-store.js";
import { hydraStateContract } from "../hydra-state.contract.js";
import { SqliteHydraJournal } from "../sqlite-hydra-journal.js";
import { SqliteHydraState } from "../sqlite-hydra-state.js";
import { type RowReader, readAsks, readMarks } from "../sqlite-tournament-log.js";
import { PG_SKIP_REASON, testCluster } from "../test-support/pg-test-cluster.js";
import { JournalReplication } from "./journal-replication.js";
import { restoreNodeFile } from "./journal-restore.js";
import { pgNodeJournalReader, pgSqlReader } from "./pg-sql-reader.js";
import { PgSyncClient } from "./pg-sync-client.js";
import { openPostgres } from "./postgres-database.js";
import { PostgresHydraJournal } from "./postgres-hydra-journal.js";
import { PostgresHydraState } from "./postgres-hydra-state.js";

const STATE_TABLES = ["hydra_runs", "hydra_state", "hydra_lessons"];

/**
 * Node `nodeId`'s rows under the SQLite table names, on a connection of its own (temporary views of its
 * session): the journal's as `hydra stats leaderboard` reads them (pgNodeJournalReader), the state's alike.
 */
function nodeReader(client: PgSyncClient, nodeId: string): RowReader {
  const reader = pgNodeJournalReader(client, nodeId);
  for (const t of STATE_TABLES) {
    const ddl = client.query<{ ddl: string }>(
      `SELECT format('CREATE OR REPLACE TEMP VIEW %I AS SELECT %s FROM %I.%I WHERE node_id = %L', $1::text,
         string_agg(format('%I', column_name), ', ' ORDER BY ordinal_position), current_schema(), $1::text, $2::text) AS ddl
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
      [t, nodeId],
    ).rows[0]!.ddl;
    client.query(ddl);
  }
  return reader;
}

/** a fresh PostgreSQL schema every node shares, each store on a connection of its own */
function pgNodes() {
  const url = testCluster().newSchema();
  const clients: PgSyncClient[] = [openPostgres(url, 1)];
  const client = () => {
    const c = new PgSyncClient(url);
    clients.push(c);
    return c;
  };
  const readers = new Map<string, RowReader>();
  return {
    client,
    reader: (nodeId: string) => {
      const r = readers.get(nodeId) ?? nodeReader(client(), nodeId);
      readers.set(nodeId, r);
      return r;
    },
    cleanup: () => {
      for (const c of clients) c.close();
    },
  };
}

/**
 * The contract suites' database: one schema for the file (migrating one costs more than its tests), each
 * test's nodes under ids of their own (`b7-node-a`), so that every test starts on nodes with no rows
 * beside other nodes' rows. The stores share one connection; each node's reader has its own (its views).
 */
let contractDb: { url: string; stores: PgSyncClient; idle: PgSyncClient[]; all: PgSyncClient[] } | undefined;
let backends = 0;
afterAll(() => {
  for (const c of contractDb?.all ?? []) c.close();
});

function contractNodes() {
  if (contractDb === undefined) {
    const url = testCluster().newSchema();
    const stores = openPostgres(url, 1);
    contractDb = { url, stores, idle: [], all: [stores] };
  }
  const db = contractDb;
  const prefix = `b${++backends}-`;
  const taken: PgSyncClient[] = [];
  const readers = new Map<string, RowReader>();
  return {
    nodeId: (id: string) => `${prefix}${id}`,
    client: () => db.stores,
    reader: (nodeId: string) => {
      let r = readers.get(nodeId);
      if (r === undefined) {
        let c = db.idle.pop();
        if (c === undefined) {
          c = new PgSyncClient(db.url);
          db.all.push(c);
        }
        taken.push(c);
        r = nodeReader(c, `${prefix}${nodeId}`);
        readers.set(nodeId, r);
      }
      return r;
    },
    cleanup: () => {
      db.idle.push(...taken);
    },
  };
}

/** Both journals of one run: every write to each, every read from PostgreSQL checked against SQLite's. */
class TeeJournal implements HydraJournalStore {
  reads = 0;
  constructor(
    readonly pg: HydraJournalStore,
    readonly sqlite: HydraJournalStore,
  ) {}
  private same<T>(f: (j: HydraJournalStore) => T): T {
    const got = f(this.pg);
    expect(got).toEqual(f(this.sqlite));
    this.reads++;
    return got;
  }
  setRun(runId: number): void {
    this.pg.setRun(runId);
    this.sqlite.setRun(runId);
  }
  recordDecision(d: DecisionRecord): void {
    this.pg.recordDecision(d);
    this.sqlite.recordDecision(d);
  }
  recordTrade(engineId: string, trade: ClosedTrade, initialBalance: number): void {
    this.pg.recordTrade(engineId, trade, initialBalance);
    this.sqlite.recordTrade(engineId, trade, initialBalance);
  }
  saveScores(time: number, rows: readonly ScoreRow[]): void {
    this.pg.saveScores(time, rows);
    this.sqlite.saveScores(time, rows);
  }
  recordAsks(asks: readonly EngineAsk[]): void {
    this.pg.recordAsks(asks);
    this.sqlite.recordAsks(asks);
  }
  recordMarks(marks: readonly DeskMark[]): void {
    this.pg.recordMarks(marks);
    this.sqlite.recordMarks(marks);
  }
  trades(untilMarketMs?: number): Map<string, ClosedTrade[]> {
    return this.same((j) => j.trades(untilMarketMs));
  }
  forgetAfter(checkpointMarketMs: number): number {
    return this.same((j) => j.forgetAfter(checkpointMarketMs));
  }
  asks(untilMarketMs?: number): EngineAsk[] {
    return this.same((j) => j.asks(untilMarketMs));
  }
  marks(): DeskMark[] {
    return this.same((j) => j.marks());
  }
  spentToday(wallMs: number): EngineSpend[] {
    return this.same((j) => j.spentToday(wallMs));
  }
  close(): void {
    this.pg.close();
    this.sqlite.close();
  }
}

class TeeState implements HydraStateStoreHandle {
  constructor(
    readonly pg: HydraStateStoreHandle,
    readonly sqlite: HydraStateStoreHandle,
  ) {}
  load(): SavedHydraRun | null {
    const got = this.pg.load();
    expect(got).toEqual(this.sqlite.load());
    return got;
  }
  beginRun(startedWallMs: number): number {
    const id = this.pg.beginRun(startedWallMs);
    expect(id).toBe(this.sqlite.beginRun(startedWallMs));
    return id;
  }
  save(run: SavedHydraRun): void {
    this.pg.save(run);
    this.sqlite.save(run);
  }
  close(): void {
    this.pg.close();
    this.sqlite.close();
  }
}

if (PG_SKIP_REASON !== undefined) {
  console.warn(`skipping the PostgreSQL HYDRA journal tests: ${PG_SKIP_REASON}`);
  describe.skip(`PostgreSQL HYDRA journal and state (${PG_SKIP_REASON})`, () => {
    it("needs PostgreSQL", () => {});
  });
} else {
  // the same contract suites as SQLite's (sqlite-hydra-stores.test.ts), every node on one database
  hydraJournalContract("postgres", () => {
    const nodes = contractNodes();
    return {
      ...nodes,
      connect: (nodeId, wall) => new PostgresHydraJournal(nodes.client(), nodes.nodeId(nodeId), wall),
    };
  });
  hydraStateContract("postgres", () => {
    const nodes = contractNodes();
    return { ...nodes, connect: (nodeId) => new PostgresHydraState(nodes.client(), nodes.nodeId(nodeId)) };
  });

  describe("HYDRA journal and state written natively to PostgreSQL", () => {
    it("a hydra run and its resumption read alike from PostgreSQL and SQLite; hydra stats and db copy read the native rows as the copied ones", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "hydra-pg-run-"));
      const file = path.join(dir, "hydra.db");
      const nodes = pgNodes();
      const wall = new TestClock(Date.UTC(2024, 0, 10));
      let reads = 0;
      const run = async () => {
        const journal = new TeeJournal(
          new PostgresHydraJournal(nodes.client(), "node-a", wall),
          SqliteHydraJournal.open(file, wall),
        );
        const store = new TeeState(
          new PostgresHydraState(nodes.client(), "node-a"),
          SqliteHydraState.open(file),
        );
        try {
          return await runHydra({
            engines: offlineEngines(),
            assets: ["BTC-USD", "ETH-USD"],
            mode: "independent",
            cycleMs: 30 * 60_000,
            cash: 25_000,
            seed: 5,
            speed: 6000,
            durationMs: (12 * 3_600_000) / 6000,
            timeoutMs: 1000,
            journal,
            store,
            wallClock: wall,
            sleep: async (ms) => wall.advance(ms),
            log: () => {},
          });
        } finally {
          reads += journal.reads;
          journal.close();
          store.close();
        }
      };
      try {
        const first = await run();
        const second = await run();
        expect(second.resumedFrom?.runId).toBe(first.runId);
        expect(second.runId).toBe(first.runId + 1);
        // the resumed run read its trades (and more) back: each read answered alike
        expect(reads).toBeGreaterThan(0);
        const sqlite = SqliteHydraJournal.open(file);
        const pg = nodes.client();
        try {
          // hydra stats engines / trades on PostgreSQL (every node's rows: node-a's only so far)
          const all = pgSqlReader(pg);
          expect(recentTrades(all, 10_000).length).toBeGreaterThan(0);
          // and the same figures as SQLite's (the rounding is done in one place, not by each database)
          expect(engineStats(all)).toEqual(engineStats(sqlite.db));
          const elsewhere = pgNodes();
          try {
            const copy = elsewhere.client();
            new JournalReplication(sqlite.db, copy, "node-a").sync();
            expect(engineStats(all)).toEqual(engineStats(pgSqlReader(copy)));
          } finally {
            elsewhere.cleanup();
          }
          expect(recentTrades(all, 10_000)).toEqual(recentTrades(sqlite.db, 10_000));
          // hydra stats leaderboard on PostgreSQL: the node's tables through its reader
          const nodeA = nodes.reader("node-a");
          const pgJournal = {
            db: nodeA,
            asks: (until = Number.POSITIVE_INFINITY) => readAsks(nodeA, until),
            marks: () => readMarks(nodeA),
          };
          const table = leaderboardTable(pgJournal, { resamples: 50 });
          expect(table.rows.length).toBeGreaterThan(0);
          expect(table).toEqual(leaderboardTable(sqlite, { resamples: 50 }));
          expect(leaderboardJson(nodeA, table)).toEqual(leaderboardJson(sqlite.db, table));
          // the same file copied by the journal replication, as another node: row for row what was written natively
          new JournalReplication(sqlite.db, pg, "copied").sync();
          const copied = nodes.reader("copied");
          const keys: Record<string, string> = {
            hydra_trades: "id",
            hydra_decisions: "id",
            tournament_scores: "engine",
            tournament_history: "id",
            hydra_asks: "id",
            hydra_marks: "desk, point, day",
            hydra_runs: "run_id",
            hydra_state: "id",
          };
          for (const [t, key] of Object.entries(keys)) {
            const rows = (r: RowReader) =>
              r
                .prepare(`SELECT * FROM ${t} ORDER BY ${key}`)
                .all()
                .map((x) => ({ ...(x as object), node_id: "" }));
            expect(rows(nodeA).length, t).toBeGreaterThan(0);
            expect(rows(nodeA), t).toEqual(rows(copied));
          }
          // the lessons (not copied): as SQLite holds them
          const lessons =
            "SELECT engine, version, text, sample, position, run_id, saved_wall FROM hydra_lessons ORDER BY position";
          expect(nodeA.prepare(lessons).all()).toEqual(sqlite.db.prepare(lessons).all());
          // hydra db copy --from postgres://… rebuilds the node's file from the native rows
          const rebuilt = path.join(dir, "rebuilt.db");
          restoreNodeFile(pg, rebuilt, "node-a");
          const back = SqliteHydraJournal.open(rebuilt);
          const backState = SqliteHydraState.open(rebuilt);
          const native = new PostgresHydraJournal(pg, "node-a");
          try {
            expect(back.trades()).toEqual(native.trades());
            expect(back.asks()).toEqual(native.asks());
            expect(back.marks()).toEqual(native.marks());
            expect(backState.load()).toEqual(new PostgresHydraState(pg, "node-a").load());
          } finally {
            back.close();
            backState.close();
          }
        } finally {
          sqlite.close();
        }
      } finally {
        nodes.cleanup();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("round trips of one write and one read (logged, not asserted)", () => {
      const nodes = contractNodes();
      try {
        const j = new PostgresHydraJournal(nodes.client(), nodes.nodeId("node-a"), new TestClock(0));
        j.setRun(1);
        const n = 200;
        const ask = {
          cycle: 1,
          time: 0,
          engineId: "a",
          cause: null,
          decisions: 1,
          inputTokens: 1,
          outputTokens: 1,
          costUsd: 0.001,
          latencyMs: 1,
        };
        let t0 = performance.now();
        for (let i = 0; i < n; i++) j.recordAsks([{ ...ask, cycle: i }]);
        const write = (performance.now() - t0) / n;
        t0 = performance.now();
        for (let i = 0; i < n; i++) j.spentToday(0);
        const read = (performance.now() - t0) / n;
        expect(j.asks()).toHaveLength(n);
        console.log(
          `PostgreSQL HYDRA journal on a unix socket: ${write.toFixed(3)} ms a write (an ask), ${read.toFixed(3)} ms a read (today's spend over ${n} asks)`,
        );
      } finally {
        nodes.cleanup();
      }
    });
  });
}
