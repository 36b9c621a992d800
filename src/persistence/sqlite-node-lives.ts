import { guarded, openSqlite } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS node_lives (
  node           TEXT PRIMARY KEY,
  run            TEXT NOT NULL,
  started_wall   INTEGER NOT NULL,
  stopped_clean  INTEGER NOT NULL
);`;

/** The run before this one, when it did not stop cleanly. */
export interface UncleanRun {
  run: string;
  startedAtWallMs: number;
}

function withDb<T>(file: string, what: string, f: (db: ReturnType<typeof openSqlite>) => T): T {
  const db = openSqlite(file);
  try {
    return guarded(what, file, () => {
      db.exec(SCHEMA);
      return f(db);
    });
  } finally {
    db.close();
  }
}

/**
 * Marks a node's run as started on its database (table node_lives) and tells whether the previous run of
 * the same node stopped cleanly: a run that never called `nodeStopped` crashed, was killed or lost power.
 */
export function nodeStarted(file: string, node: string, run: string, wallMs: number): UncleanRun | undefined {
  return withDb(file, "cannot record the node's start", (db) =>
    db.transaction(() => {
      const prev = db
        .prepare("SELECT run, started_wall, stopped_clean FROM node_lives WHERE node = ?")
        .get(node) as { run: string; started_wall: number; stopped_clean: number } | undefined;
      db.prepare(
        "INSERT INTO node_lives (node, run, started_wall, stopped_clean) VALUES (?, ?, ?, 0) ON CONFLICT(node) DO UPDATE SET run = excluded.run, started_wall = excluded.started_wall, stopped_clean = 0",
      ).run(node, run, Math.round(wallMs));
      return prev === undefined || prev.stopped_clean === 1
        ? undefined
        : { run: prev.run, startedAtWallMs: prev.started_wall };
    })(),
  );
}

/** The node's run stopped as it should (its state saved). */
export function nodeStopped(file: string, node: string, run: string): void {
  withDb(file, "cannot record the node's stop", (db) =>
    db.prepare("UPDATE node_lives SET stopped_clean = 1 WHERE node = ? AND run = ?").run(node, run),
  );
}
