import { type Clock, LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { toIsoUtc } from "../../core/time.js";
import type { DecisionRecord, EngineSpend, ScoreRow } from "../../hydra/mother/hydra-journal.js";
import type { DeskMark } from "../../hydra/tournament/daily-series.js";
import type { EngineAsk } from "../../hydra/tournament/engine-ask.js";
import type { ClosedTrade } from "../../model/position.js";
import type { HydraJournalStore } from "../hydra-journal-store.js";
import { redactDbUrl } from "./db-url.js";
import { insertRows, lastOfEachKey } from "./pg-rows.js";
import type { PgSyncClient } from "./pg-sync-client.js";
import { pgReadAsks, pgReadMarks, pgSpentToday } from "./postgres-tournament-log.js";

const SCORE_COLS =
  "timestamp, engine, label, rank, weight, total_points, realized_pnl, trades, wins, sharpe, max_drawdown_pct, llm_cost_usd, net_of_cost";

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
      `INSERT INTO hydra_decisions (node_id, id, run_id, cycle, market_time, recorded_wall, engine, template, prompt_hash,
         decision, cause, detail, input_tokens, output_tokens, cost_usd, latency_ms, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        this.nodeId,
        this.nextId("hydra_decisions"),
        this.runId,
        d.cycle,
        toIsoUtc(d.time),
        toIsoUtc(this.wall.now()),
        d.engineId,
        d.templateVersion,
        d.promptHash,
        d.decision === null ? null : JSON.stringify(d.decision),
        d.cause,
        d.detail,
        d.usage.inputTokens,
        d.usage.outputTokens,
        d.usage.costUsd,
        d.latencyMs,
        d.outcome,
      ],
    );
  }

  recordTrade(engineId: string, t: ClosedTrade, initialBalance: number): void {
    this.open("record a trade");
    this.client.write(
      `INSERT INTO hydra_trades (node_id, id, trade_id, run_id, timestamp, engine, asset, direction, status, outcome, pnl,
         pnl_percent, volume, entry_price, exit_price, open_time, exit_reason, gross_pnl, commission, recorded_wall)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        this.nodeId,
        this.nextId("hydra_trades"),
        `R${this.runId}:${engineId}:${t.positionId}:${t.closeTime}`,
        this.runId,
        toIsoUtc(t.closeTime),
        engineId,
        t.symbol,
        t.side === "buy" ? "long" : "short",
        "CLOSED",
        t.netPnl > 0 ? "win" : "loss",
        t.netPnl,
        Number(((t.netPnl / initialBalance) * 100).toFixed(4)),
        t.volume,
        t.openPrice,
        t.closePrice,
        toIsoUtc(t.openTime),
        t.exitReason,
        t.grossPnl,
        t.commission,
        toIsoUtc(this.wall.now()),
      ],
    );
  }

  trades(untilMarketMs = Number.POSITIVE_INFINITY): Map<string, ClosedTrade[]> {
    this.open("read the trades");
    const rows = this.client.query<Record<string, string | number>>(
      `SELECT trade_id, engine, asset, direction, volume, open_time, entry_price, timestamp, exit_price, gross_pnl,
              commission, pnl, exit_reason
       FROM hydra_trades WHERE node_id = $1 AND timestamp COLLATE "C" <= $2 ORDER BY timestamp COLLATE "C", id`,
      [this.nodeId, Number.isFinite(untilMarketMs) ? toIsoUtc(untilMarketMs) : "9999"],
    ).rows;
    const out = new Map<string, ClosedTrade[]>();
    for (const r of rows) {
      const list = out.get(String(r.engine)) ?? [];
      list.push({
        positionId: String(r.trade_id),
        source: String(r.engine),
        symbol: String(r.asset),
        side: r.direction === "long" ? "buy" : "sell",
        volume: Number(r.volume),
        openTime: Date.parse(String(r.open_time)),
        openPrice: Number(r.entry_price),
        closeTime: Date.parse(String(r.timestamp)),
        closePrice: Number(r.exit_price),
        grossPnl: Number(r.gross_pnl),
        commission: Number(r.commission),
        netPnl: Number(r.pnl),
        exitReason: String(r.exit_reason),
      });
      out.set(String(r.engine), list);
    }
    return out;
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
    const values = (r: ScoreRow): unknown[] => [
      iso,
      r.engineId,
      r.label,
      r.rank,
      r.weight,
      r.totalPoints,
      r.realizedPnl,
      r.trades,
      r.wins,
      r.sharpe,
      r.maxDrawdownPct,
      r.llmCostUsd,
      r.netOfCost,
    ];
    const update = SCORE_COLS.split(", ")
      .filter((c) => c !== "engine")
      .map((c) => `${c} = excluded.${c}`)
      .join(", ");
    this.client.writeAll([
      ...insertRows(
        `INSERT INTO tournament_scores (node_id, ${SCORE_COLS}) VALUES`,
        lastOfEachKey(rows, (r) => r.engineId).map((r) => [this.nodeId, ...values(r)]),
        `ON CONFLICT (node_id, engine) DO UPDATE SET ${update}`,
      ),
      ...insertRows(
        `INSERT INTO tournament_history (node_id, id, run_id, ${SCORE_COLS}) VALUES`,
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
        `INSERT INTO hydra_asks (node_id, id, run_id, cycle, market_time, recorded_wall, engine, cause, decisions,
           input_tokens, output_tokens, cost_usd, latency_ms) VALUES`,
        asks.map((a) => [
          this.nodeId,
          this.nextId("hydra_asks"),
          this.runId,
          a.cycle,
          toIsoUtc(a.time),
          wall,
          a.engineId,
          a.cause,
          a.decisions,
          a.inputTokens,
          a.outputTokens,
          a.costUsd,
          a.latencyMs,
        ]),
      ),
    );
  }

  recordMarks(marks: readonly DeskMark[]): void {
    this.open("record the marks");
    if (marks.length === 0) return;
    this.writeAll(
      insertRows(
        "INSERT INTO hydra_marks (node_id, desk, point, day, market_time, run_id, equity, prices) VALUES",
        lastOfEachKey(marks, (m) => `${m.desk}\u0000${m.point}\u0000${m.day}`).map((m) => [
          this.nodeId,
          m.desk,
          m.point,
          m.day,
          toIsoUtc(m.time),
          this.runId,
          m.equity,
          JSON.stringify(m.prices),
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
