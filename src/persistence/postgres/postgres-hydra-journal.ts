import { type Clock, LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { toIsoUtc } from "../../core/time.js";
import type { DecisionRecord, EngineSpend, ScoreRow } from "../../hydra/mother/hydra-journal.js";
import type { DeskMark } from "../../hydra/tournament/daily-series.js";
import type { EngineAsk } from "../../hydra/tournament/engine-ask.js";
import type { ClosedTrade } from "../../model/position.js";
import {
  ASK_COLUMNS,
  askParams,
  closedTradesByEngine,
  DECISION_COLUMNS,
  decisionParams,
  HYDRA_TRADE_COLUMNS,
  HYDRA_TRADE_READ_COLUMNS,
  hydraTradeParams,
  MARK_COLUMNS,
  markParams,
  SCORE_COLUMNS,
  scoreParams,
} from "../hydra-journal-rows.js";
import type { HydraJournalStore } from "../hydra-journal-store.js";
import { redactDbUrl } from "./db-url.js";
import { insertRows, lastOfEachKey } from "./pg-rows.js";
import type { PgSyncClient } from "./pg-sync-client.js";
import { pgReadAsks, pgReadMarks, pgSpentToday } from "./postgres-tournament-log.js";

/** the node's tables whose rows it numbers itself (PostgreSQL's key: the node id and this id) */
type Numbered = "hydra_trades" | "hydra_decisions" | "tournament_history" | "hydra_asks";

/**
 * One node's HYDRA journal in PostgreSQL: the tables of migration 2 (those `hydra stats` and `hydra db
 * copy` read), with the columns and values SqliteHydraJournal writes, each row under the node's id.
 * Row ids are the node's own, counted on from the highest one at open (a write never waits for an
 * answer); trade ids carry the run id, as SQLite's do. The store does not own the connection.
 */
export class PostgresHydraJournal implements HydraJournalStore {
  private runId = 0;
  private closed = false;
  private readonly lastId: Record<Numbered, number>;

  /** `wall`: the clock of the recorded_wall columns (the live clock by default) */
  constructor(
    private readonly client: PgSyncClient,
    readonly nodeId: string,
    private readonly wall: Clock = new LiveClock(),
  ) {
    const row = client.query<Record<Numbered, number>>(
      `SELECT (SELECT COALESCE(MAX(id), 0) FROM hydra_trades WHERE node_id = $1) AS hydra_trades,
              (SELECT COALESCE(MAX(id), 0) FROM hydra_decisions WHERE node_id = $1) AS hydra_decisions,
              (SELECT COALESCE(MAX(id), 0) FROM tournament_history WHERE node_id = $1) AS tournament_history,
              (SELECT COALESCE(MAX(id), 0) FROM hydra_asks WHERE node_id = $1) AS hydra_asks`,
      [nodeId],
    ).rows[0]!;
    this.lastId = { ...row };
  }

  setRun(runId: number): void {
    this.runId = runId;
  }

  recordDecision(d: DecisionRecord): void {
    this.open("record a decision");
    this.client.write(
      `INSERT INTO hydra_decisions (node_id, id, ${DECISION_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        this.nodeId,
        this.nextId("hydra_decisions"),
        ...decisionParams(this.runId, d, toIsoUtc(this.wall.now())),
      ],
    );
  }

  recordTrade(engineId: string, t: ClosedTrade, initialBalance: number): void {
    this.open("record a trade");
    this.client.write(
      `INSERT INTO hydra_trades (node_id, id, ${HYDRA_TRADE_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        this.nodeId,
        this.nextId("hydra_trades"),
        ...hydraTradeParams(this.runId, engineId, t, initialBalance, toIsoUtc(this.wall.now())),
      ],
    );
  }

  trades(untilMarketMs = Number.POSITIVE_INFINITY): Map<string, ClosedTrade[]> {
    this.open("read the trades");
    const rows = this.client.query<Record<string, string | number>>(
      `SELECT ${HYDRA_TRADE_READ_COLUMNS}
       FROM hydra_trades WHERE node_id = $1 AND timestamp COLLATE "C" <= $2 ORDER BY timestamp COLLATE "C", id`,
      [this.nodeId, Number.isFinite(untilMarketMs) ? toIsoUtc(untilMarketMs) : "9999"],
    ).rows;
    return closedTradesByEngine(rows);
  }

  forgetAfter(checkpointMarketMs: number): number {
    this.open("forget a killed run's records");
    const iso = toIsoUtc(checkpointMarketMs);
    // counted before: a write's rows are never read back
    const n = this.client.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM hydra_trades WHERE node_id = $1 AND timestamp COLLATE "C" > $2`,
      [this.nodeId, iso],
    ).rows[0]!.n;
    const params = [this.nodeId, iso];
    this.client.writeAll([
      [`DELETE FROM hydra_trades WHERE node_id = $1 AND timestamp COLLATE "C" > $2`, params],
      [`DELETE FROM hydra_decisions WHERE node_id = $1 AND market_time COLLATE "C" > $2`, params],
      [`DELETE FROM hydra_asks WHERE node_id = $1 AND market_time COLLATE "C" > $2`, params],
      [`DELETE FROM tournament_history WHERE node_id = $1 AND timestamp COLLATE "C" > $2`, params],
    ]);
    return n;
  }

  saveScores(time: number, rows: readonly ScoreRow[]): void {
    this.open("save the standings");
    if (rows.length === 0) return;
    const iso = toIsoUtc(time);
    const values = (r: ScoreRow): unknown[] => scoreParams(iso, r);
    const update = SCORE_COLUMNS.split(", ")
      .filter((c) => c !== "engine")
      .map((c) => `${c} = excluded.${c}`)
      .join(", ");
    this.client.writeAll([
      ...insertRows(
        `INSERT INTO tournament_scores (node_id, ${SCORE_COLUMNS}) VALUES`,
        lastOfEachKey(rows, (r) => r.engineId).map((r) => [this.nodeId, ...values(r)]),
        `ON CONFLICT (node_id, engine) DO UPDATE SET ${update}`,
      ),
      ...insertRows(
        `INSERT INTO tournament_history (node_id, id, run_id, ${SCORE_COLUMNS}) VALUES`,
        rows.map((r) => [this.nodeId, this.nextId("tournament_history"), this.runId, ...values(r)]),
      ),
    ]);
  }

  recordAsks(asks: readonly EngineAsk[]): void {
    this.open("record the asks");
    if (asks.length === 0) return;
    const wall = toIsoUtc(this.wall.now());
    this.writeAll(
      insertRows(
        `INSERT INTO hydra_asks (node_id, id, ${ASK_COLUMNS}) VALUES`,
        asks.map((a) => [this.nodeId, this.nextId("hydra_asks"), ...askParams(this.runId, wall, a)]),
      ),
    );
  }

  recordMarks(marks: readonly DeskMark[]): void {
    this.open("record the marks");
    if (marks.length === 0) return;
    this.writeAll(
      insertRows(
        `INSERT INTO hydra_marks (node_id, ${MARK_COLUMNS}) VALUES`,
        lastOfEachKey(marks, (m) => `${m.desk}\u0000${m.point}\u0000${m.day}`).map((m) => [
          this.nodeId,
          ...markParams(this.runId, m),
        ]),
        `ON CONFLICT (node_id, desk, point, day) DO UPDATE SET market_time = excluded.market_time,
           run_id = excluded.run_id, equity = excluded.equity, prices = excluded.prices`,
      ),
    );
  }

  asks(untilMarketMs = Number.POSITIVE_INFINITY): EngineAsk[] {
    this.open("read the asks");
    return pgReadAsks(this.client, this.nodeId, untilMarketMs);
  }

  marks(): DeskMark[] {
    this.open("read the marks");
    return pgReadMarks(this.client, this.nodeId);
  }

  spentToday(wallMs: number): EngineSpend[] {
    this.open("read today's LLM spend");
    return pgSpentToday(this.client, this.nodeId, wallMs);
  }

  /** The store is closed (later calls throw); the connection is its owner's to close. */
  close(): void {
    this.closed = true;
  }

  /** one statement as it is (a transaction of one costs two more round trips), several atomically */
  private writeAll(statements: Array<[string, unknown[]]>): void {
    if (statements.length === 1) this.client.write(...statements[0]!);
    else this.client.writeAll(statements);
  }

  private nextId(table: Numbered): number {
    this.lastId[table] += 1;
    return this.lastId[table];
  }

  private open(what: string): void {
    if (this.closed)
      throw new HydraError(
        "STORAGE",
        `hydra journal of node ${this.nodeId} (${redactDbUrl(this.client.url)}): cannot ${what}, the store is closed`,
        { node: this.nodeId },
      );
  }
}
