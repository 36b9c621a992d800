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
