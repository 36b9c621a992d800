import type { SqliteDatabase } from "../sqlite-database.js";
import type { PgSyncClient } from "./pg-sync-client.js";

interface Table {
  name: string;
  /** the row's key in the node's SQLite file (PostgreSQL's is the node id and this) */
  key: readonly string[];
  /**
   * append: rows only ever added, with a growing id (copy those past the last one copied);
   * upsert: rows rewritten in place (copy those at or after `since`'s last value, or all of them);
   * settling: rows added with a growing `grow` column, rewritten until they settle (copy those past the
   * last one copied, and again those PostgreSQL still holds as `unsettled`);
   * replace: a set the node rewrites whole (its open positions, its lessons): PostgreSQL's is replaced
   */
  kind: "append" | "upsert" | "settling" | "replace";
  since?: string;
  grow?: string;
  unsettled?: string;
  /** settling: what a row PostgreSQL holds unsettled becomes when the node's file no longer has it */
  settledWhenGone?: string;
}

const TABLES: readonly Table[] = [
  { name: "hydra_trades", key: ["id"], kind: "append" },
  { name: "hydra_decisions", key: ["id"], kind: "append" },
  { name: "tournament_history", key: ["id"], kind: "append" },
  { name: "hydra_asks", key: ["id"], kind: "append" },
  { name: "alerts", key: ["id"], kind: "append" },
  { name: "control_actions", key: ["id"], kind: "append" },
  {
    name: "alert_deliveries",
    key: ["alert_id", "channel"],
    kind: "settling",
    grow: "alert_id",
    unsettled: "state = 'pending'",
    // the outbox deletes an alert only once nothing of it is pending: one gone was sent
    settledWhenGone: "state = 'sent'",
  },
  { name: "tournament_scores", key: ["engine"], kind: "upsert" },
  { name: "hydra_marks", key: ["desk", "point", "day"], kind: "upsert", since: "market_time" },
  { name: "hydra_runs", key: ["run_id"], kind: "upsert" },
  { name: "hydra_state", key: ["id"], kind: "upsert", since: "saved_wall" },
  { name: "hydra_lessons", key: ["engine", "version"], kind: "replace" },
  // the node's run numbers and lives: order and position ids carry the run number, so they go on
  { name: "node_runs", key: ["id"], kind: "append" },
  { name: "node_lives", key: ["node"], kind: "upsert" },
  // the FTMO half's trading journal (its checkpoint is a file: db copy carries it beside these)
  { name: "trades", key: ["id"], kind: "append" },
  { name: "orders", key: ["id"], kind: "upsert" },
  { name: "positions", key: ["id"], kind: "replace" },
  { name: "daily_stats", key: ["day"], kind: "upsert" },
  // one row a node (its id in the file is always 1)
  { name: "rule_state", key: [], kind: "upsert" },
];

/** The tables a node's copy holds, each under its node id: what `hydra db copy --from postgres://…` restores. */
export const COPIED_TABLES: readonly string[] = TABLES.map((t) => t.name);

const BATCH_ROWS = 500;

/**
 * Copies a node's records (HYDRA journal and state, FTMO journal, run numbers and lives, alerts with
 * their delivery state, control journal) from its SQLite file into PostgreSQL, each row under the
 * node's id: `hydra db copy --from sqlite:FILE --to postgres://…`, which moves a node onto PostgreSQL
 * (a node there writes its records natively; nothing copies them while it runs). Copying again adds
 * what is new since the last copy.
 */
export class JournalReplication {
  private readonly columns = new Map<string, string[]>();
  private readonly marks = new Map<string, number | string>();

  constructor(
    private readonly sqlite: SqliteDatabase,
    private readonly pg: PgSyncClient,
    readonly nodeId: string,
  ) {}

  /** Copies what is new since the last sync; returns the rows copied, by table. */
  sync(): Record<string, number> {
    const copied: Record<string, number> = {};
    for (const t of TABLES) {
      const cols = this.columnsOf(t.name);
      if (cols === undefined) continue;
      copied[t.name] =
        t.kind === "append"
          ? this.append(t, cols)
          : t.kind === "settling"
            ? this.settling(t, cols)
            : t.kind === "replace"
              ? this.replace(t, cols)
              : this.upsert(t, cols);
    }
    return copied;
  }

  private append(t: Table, cols: string[]): number {
    let last = this.mark(t, "id", 0) as number;
    let n = 0;
    for (;;) {
      const rows = this.sqlite
        .prepare(`SELECT ${cols.join(", ")} FROM ${t.name} WHERE id > ? ORDER BY id LIMIT ${BATCH_ROWS}`)
        .raw()
        .all(last) as unknown[][];
      if (rows.length === 0) return n;
      this.insert(t, cols, rows, "DO NOTHING");
      last = rows.at(-1)![cols.indexOf("id")] as number;
      this.marks.set(t.name, last);
      n += rows.length;
      if (rows.length < BATCH_ROWS) return n;
    }
  }

  private settling(t: Table, cols: string[]): number {
    const grow = t.grow!;
    const last = this.mark(t, grow, 0) as number;
    const open = this.pg
      .query<{ g: number }>(
        `SELECT DISTINCT ${grow} AS g FROM ${t.name} WHERE node_id = $1 AND ${t.unsettled}`,
        [this.nodeId],
      )
      .rows.map((r) => r.g);
    const rows = this.sqlite
      .prepare(
        `SELECT ${cols.join(", ")} FROM ${t.name} WHERE ${grow} > ? OR ${grow} IN (SELECT value FROM json_each(?)) ORDER BY ${grow}`,
      )
      .raw()
      .all(last, JSON.stringify(open)) as unknown[][];
    const update = cols
      .filter((c) => !t.key.includes(c))
      .map((c) => `${c} = excluded.${c}`)
      .join(", ");
    for (let i = 0; i < rows.length; i += BATCH_ROWS)
      this.insert(t, cols, rows.slice(i, i + BATCH_ROWS), `DO UPDATE SET ${update}`);
    const at = cols.indexOf(grow);
    const present = new Set(rows.map((r) => Number(r[at])));
    const gone = open.filter((g) => !present.has(g));
    if (gone.length > 0 && t.settledWhenGone !== undefined)
      this.pg.query(
        `UPDATE ${t.name} SET ${t.settledWhenGone} WHERE node_id = $1 AND ${grow} = ANY($2::bigint[]) AND ${t.unsettled}`,
        [this.nodeId, gone],
      );
    if (rows.length > 0) {
      this.marks.set(
        t.name,
        rows.reduce((m, r) => Math.max(m, Number(r[at])), last),
      );
    }
    return rows.length;
  }

  private replace(t: Table, cols: string[]): number {
    const rows = this.sqlite
      .prepare(`SELECT ${cols.join(", ")} FROM ${t.name}`)
      .raw()
      .all() as unknown[][];
    this.pg.transaction(() => {
      this.pg.query(`DELETE FROM ${t.name} WHERE node_id = $1`, [this.nodeId]);
      for (let i = 0; i < rows.length; i += BATCH_ROWS)
        this.insert(t, cols, rows.slice(i, i + BATCH_ROWS), "DO NOTHING");
    });
    return rows.length;
  }

  private upsert(t: Table, cols: string[]): number {
    const since = t.since;
    const from = since === undefined ? undefined : this.mark(t, since, "");
    const rows = this.sqlite
      .prepare(`SELECT ${cols.join(", ")} FROM ${t.name}${since === undefined ? "" : ` WHERE ${since} >= ?`}`)
      .raw()
      .all(...(from === undefined ? [] : [from])) as unknown[][];
    const update = cols
      .filter((c) => !t.key.includes(c))
      .map((c) => `${c} = excluded.${c}`)
      .join(", ");
    for (let i = 0; i < rows.length; i += BATCH_ROWS)
      this.insert(t, cols, rows.slice(i, i + BATCH_ROWS), `DO UPDATE SET ${update}`);
    if (since !== undefined && rows.length > 0) {
      const at = cols.indexOf(since);
      this.marks.set(
        t.name,
        rows
          .map((r) => String(r[at]))
          .sort()
          .at(-1)!,
      );
    }
    return rows.length;
  }

  private insert(t: Table, cols: string[], rows: unknown[][], onConflict: string): void {
    const width = cols.length + 1;
    const values = rows
      .map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(", ")})`)
      .join(", ");
    this.pg.query(
      `INSERT INTO ${t.name} (node_id, ${cols.join(", ")}) VALUES ${values}
       ON CONFLICT (${["node_id", ...t.key].join(", ")}) ${onConflict}`,
      rows.flatMap((r) => [this.nodeId, ...r]),
    );
  }

  /** the last value of `col` copied: remembered, else what PostgreSQL holds for this node */
  private mark(t: Table, col: string, none: number | string): number | string {
    const known = this.marks.get(t.name);
    if (known !== undefined) return known;
    const row = this.pg.query<{ m: number | string | null }>(
      `SELECT MAX(${col}) AS m FROM ${t.name} WHERE node_id = $1`,
      [this.nodeId],
    ).rows[0];
    const m = row?.m ?? none;
    this.marks.set(t.name, m);
    return m;
  }

  /** the columns both sides have; undefined while the node's file does not have the table yet */
  private columnsOf(table: string): string[] | undefined {
    const known = this.columns.get(table);
    if (known !== undefined) return known;
    const local = this.sqlite.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
    if (local.length === 0) return undefined;
    const remote = new Set(
      this.pg
        .query<{ column_name: string }>(
          "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
          [table],
        )
        .rows.map((r) => r.column_name),
    );
    const cols = local.map((c) => c.name).filter((c) => remote.has(c));
    this.columns.set(table, cols);
    return cols;
  }
}
