import type { PgSyncClient } from "./pg-sync-client.js";

/** Rows of a query written with SQLite's `?` placeholders (the operator queries both databases answer). */
export interface PgSqlReader {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
}

/** A reader over PostgreSQL: `?` become $1, $2… (the queries it runs hold no `?` inside a string). */
export function pgSqlReader(client: PgSyncClient): PgSqlReader {
  return {
    prepare: (sql) => {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      return { all: (...params) => client.query(text, params).rows };
    },
  };
}

/** the HYDRA journal's tables, as copied from each node's SQLite file (migration 2) */
const JOURNAL_TABLES = [
  "hydra_trades",
  "hydra_decisions",
  "tournament_scores",
  "tournament_history",
  "hydra_asks",
  "hydra_marks",
] as const;

/**
 * One node's HYDRA journal under the names of its SQLite tables: the queries written for one node's
 * file (the tournament table's) read it unchanged. Temporary views of this session, each the node's
 * rows of the shared table (a session's temporary schema is searched first), its text in byte order;
 * the node's id is a parameter of `format`, never pasted into the statement.
 */
export function pgNodeJournalReader(client: PgSyncClient, nodeId: string): PgSqlReader {
  const schema = client.query<{ s: string }>("SELECT current_schema() AS s").rows[0]!.s;
  for (const t of JOURNAL_TABLES) {
    // text compared byte by byte, as SQLite does, whatever the database's locale (ORDER BY desk…)
    const ddl = client.query<{ ddl: string }>(
      `SELECT format('CREATE OR REPLACE TEMP VIEW %I AS SELECT %s FROM %I.%I WHERE node_id = %L', $1::text,
         string_agg(CASE WHEN data_type = 'text' THEN format('%I COLLATE "C" AS %I', column_name, column_name)
                         ELSE format('%I', column_name) END, ', ' ORDER BY ordinal_position),
         $2::text, $1::text, $3::text) AS ddl
       FROM information_schema.columns WHERE table_schema = $2 AND table_name = $1`,
      [t, schema, nodeId],
    ).rows[0]!.ddl;
    client.query(ddl);
  }
  return pgSqlReader(client);
}

/** The nodes whose tournament standing PostgreSQL holds, by id. */
export function journalNodes(client: PgSyncClient): string[] {
  return client
    .query<{ node_id: string }>("SELECT DISTINCT node_id FROM tournament_scores ORDER BY node_id")
    .rows.map((r) => r.node_id);
}
