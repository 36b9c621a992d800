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
