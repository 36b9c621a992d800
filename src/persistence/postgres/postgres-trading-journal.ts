import { HydraError } from "../../core/errors.js";
import type { Order } from "../../model/order.js";
import type { ClosedTrade, Position } from "../../model/position.js";
import type { DayStats } from "../../portfolio/day-stats.js";
import type { TradingJournal } from "../../portfolio/trading-journal.js";
import {
  DAY_COLUMNS,
  DAY_UPDATE,
  type DayRow,
  dayOf,
  dayParams,
  ORDER_COLUMNS,
  ORDER_UPDATE,
  orderParams,
  POSITION_COLUMNS,
  pendingDays,
  positionParams,
  TRADE_COLUMNS,
  type TradeRow,
  tradeOf,
  tradeParams,
} from "../trading-journal-rows.js";
import type { PgSyncClient } from "./pg-sync-client.js";

/** `$first, $first+1, …` for `count` values: one row of a multi-row VALUES list */
const placeholders = (first: number, count: number): string =>
  `(${Array.from({ length: count }, (_, i) => `$${first + i}`).join(", ")})`;

/** 12 parameters a day: 24,000 of PostgreSQL's 65,535 at most */
const DAYS_PER_STATEMENT = 2000;

/** one INSERT of every row (node_id first in each), so that a set of rows costs one round trip */
function insertRows(
  table: string,
  columns: string,
  nodeId: string,
  rows: ReadonlyArray<unknown[]>,
): [string, unknown[]] {
  const params: unknown[] = [];
  const values = rows.map((r) => {
    const first = params.length + 1;
    params.push(nodeId, ...r);
    return placeholders(first, r.length + 1);
  });
  return [`INSERT INTO ${table} (node_id, ${columns}) VALUES ${values.join(", ")}`, params];
}

/**
 * The FTMO runner's trading journal in PostgreSQL (trades, orders, positions, daily_stats, rule_state;
 * migration 10): the columns of the SQLite journal plus node_id, every read this node's rows only, so
 * several nodes share one database. Trade ids are this store's (the node's highest at open, counted up
 * in memory): a write never needs the database's answer. Does not own the connection.
 */
export class PostgresTradingJournal implements TradingJournal {
  private closed = false;
  private lastTradeId: number;
  /** the first day `saveDays` still writes: the days before it were written after they ended */
  private openDay = "";

  constructor(
    private readonly client: PgSyncClient,
    readonly nodeId: string,
  ) {
    this.lastTradeId = this.read("trades", "read the last trade id", () => {
      const r = client.query<{ last: number | null }>(
        "SELECT MAX(id) AS last FROM trades WHERE node_id = $1",
        [nodeId],
      );
      return r.rows[0]?.last ?? 0;
    });
  }

  recordOrder(o: Readonly<Order>): void {
    const [sql, params] = insertRows("orders", ORDER_COLUMNS, this.nodeId, [orderParams(o)]);
    this.write(
      "orders",
      "record an order",
      `${sql} ON CONFLICT (node_id, id) DO UPDATE SET ${ORDER_UPDATE}`,
      params,
    );
  }

  /** the same close again (a replay after a crash) is kept once: the UNIQUE of SQLite's table, per node */
  recordTrade(t: Readonly<ClosedTrade>): void {
    const [sql, params] = insertRows("trades", `id, ${TRADE_COLUMNS}`, this.nodeId, [
      [this.lastTradeId + 1, ...tradeParams(t)],
    ]);
    this.write(
      "trades",
      "record a trade",
      `${sql} ON CONFLICT (node_id, position_id, close_market_ms, volume, close_price) DO NOTHING`,
      params,
    );
    this.lastTradeId += 1;
  }

  savePositions(positions: readonly Position[]): void {
    const clear: [string, unknown[]] = ["DELETE FROM positions WHERE node_id = $1", [this.nodeId]];
    this.writeAll(
      "positions",
      "save the positions",
      positions.length === 0
        ? [clear]
        : [clear, insertRows("positions", POSITION_COLUMNS, this.nodeId, positions.map(positionParams))],
    );
  }

  saveDay(d: Readonly<DayStats>): void {
    this.upsertDays("save a day", [d]);
  }

  /** Every day of the run (the ledger's `days`, today last) in one statement; days already final are skipped. */
  saveDays(days: readonly Readonly<DayStats>[]): void {
    const pending = pendingDays(days, this.openDay);
    if (pending.length === 0) return;
    this.upsertDays("save the days", pending);
    this.openDay = pending.at(-1)!.day;
  }

  saveRuleState(state: unknown, time: number): void {
    this.write(
      "rule_state",
      "save the rule state",
      `INSERT INTO rule_state (node_id, json, updated_market_ms) VALUES ($1, $2, $3)
       ON CONFLICT (node_id) DO UPDATE SET json = excluded.json, updated_market_ms = excluded.updated_market_ms`,
      [this.nodeId, JSON.stringify(state), time],
    );
  }

  trades(): ClosedTrade[] {
    return this.read("trades", "read the trades", () =>
      this.client
        .query<TradeRow>(`SELECT ${TRADE_COLUMNS} FROM trades WHERE node_id = $1 ORDER BY id`, [this.nodeId])
        .rows.map(tradeOf),
    );
  }

  days(): DayStats[] {
    return this.read("daily_stats", "read the days", () =>
      this.client
        // byte order, as SQLite sorts
        .query<DayRow>(`SELECT ${DAY_COLUMNS} FROM daily_stats WHERE node_id = $1 ORDER BY day COLLATE "C"`, [
          this.nodeId,
        ])
        .rows.map(dayOf),
    );
  }

  loadRuleState(): unknown {
    const row = this.read(
      "rule_state",
      "read the rule state",
      () =>
        this.client.query<{ json: string }>("SELECT json FROM rule_state WHERE node_id = $1", [this.nodeId])
          .rows[0],
    );
    return row === undefined ? undefined : JSON.parse(row.json);
  }

  close(): void {
    this.closed = true;
  }

  /**
   * One statement per day would cost a round trip each: multi-row upserts (a day listed once in each),
   * in batches of DAYS_PER_STATEMENT (PostgreSQL takes at most 65,535 parameters), applied together.
   */
  private upsertDays(what: string, days: readonly Readonly<DayStats>[]): void {
    const rows = [...new Map(days.map((d) => [d.day, d])).values()].map(dayParams);
    const statements: Array<[string, unknown[]]> = [];
    for (let i = 0; i < rows.length; i += DAYS_PER_STATEMENT) {
      const [sql, params] = insertRows(
        "daily_stats",
        DAY_COLUMNS,
        this.nodeId,
        rows.slice(i, i + DAYS_PER_STATEMENT),
      );
      statements.push([`${sql} ON CONFLICT (node_id, day) DO UPDATE SET ${DAY_UPDATE}`, params]);
    }
    if (statements.length === 1) this.write("daily_stats", what, ...statements[0]!);
    else this.writeAll("daily_stats", what, statements);
  }

  private write(table: string, what: string, sql: string, params: unknown[]): void {
    this.guard(table, what, () => this.client.write(sql, params));
  }

  private writeAll(table: string, what: string, statements: ReadonlyArray<[string, unknown[]]>): void {
    this.guard(table, what, () => this.client.writeAll(statements));
  }

  private read<T>(table: string, what: string, f: () => T): T {
    return this.guard(table, what, f);
  }

  private guard<T>(table: string, what: string, f: () => T): T {
    if (this.closed)
      throw new HydraError(
        "STORAGE",
        `trading journal (PostgreSQL, node ${this.nodeId}): ${what}: the journal is closed`,
        {
          table,
          nodeId: this.nodeId,
        },
      );
    try {
      return f();
    } catch (e) {
      throw new HydraError(
        "STORAGE",
        `trading journal (PostgreSQL, node ${this.nodeId}): ${what} (table ${table}): ${e instanceof Error ? e.message : String(e)}`,
        // the client's details (its SQLSTATE, the address without its password) kept
        { ...(e instanceof HydraError ? e.details : {}), table, nodeId: this.nodeId },
        e,
      );
    }
  }
}
