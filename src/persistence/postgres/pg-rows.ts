import type { PgSyncClient } from "./pg-sync-client.js";

/** Statements of a multi-row INSERT: `head` (… VALUES) then the rows, at most 500 a statement. */
export function insertRows(
  head: string,
  rows: ReadonlyArray<readonly unknown[]>,
  tail = "",
): Array<[string, unknown[]]> {
  const out: Array<[string, unknown[]]> = [];
  for (let at = 0; at < rows.length; at += 500) {
    const chunk = rows.slice(at, at + 500);
    const params: unknown[] = [];
    const values = chunk.map((r) => {
      const marks = r.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${marks.join(", ")})`;
    });
    out.push([`${head} ${values.join(", ")}${tail === "" ? "" : ` ${tail}`}`, params]);
  }
  return out;
}

/** The rows with one of each key, the last one given (what INSERT OR REPLACE of them in turn leaves). */
export function lastOfEachKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) {
    byKey.delete(key(r));
    byKey.set(key(r), r);
  }
  return [...byKey.values()];
}

/**
 * The highest id of node `nodeId`'s rows of `table` (0 if none): a store numbering its own rows counts on
 * from it (one process writes a node id at a time), so a write never waits for an answer.
 */
export const highestId = (client: PgSyncClient, table: string, nodeId: string): number =>
  client.query<{ id: number }>(`SELECT COALESCE(MAX(id), 0) AS id FROM ${table} WHERE node_id = $1`, [nodeId])
    .rows[0]!.id;
