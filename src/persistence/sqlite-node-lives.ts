import { HydraError } from "../core/errors.js";
import type { NodeLives, UncleanRun } from "./node-lives.js";
import { guarded, openSqlite } from "./sqlite-database.js";

export const NODE_LIVES_SCHEMA = `
CREATE TABLE IF NOT EXISTS node_lives (
  node           TEXT PRIMARY KEY,
  run            TEXT NOT NULL,
  started_wall   INTEGER NOT NULL,
  stopped_clean  INTEGER NOT NULL
);`;

/**
 * Node lives in the table node_lives of the node's SQLite database; the file is opened for each call
 * (a start and a stop) and closed after it.
 */
export class SqliteNodeLives implements NodeLives {
  private closed = false;

  constructor(private readonly file: string) {}

  nodeStarted(node: string, run: string, wallMs: number): UncleanRun | undefined {
    return this.withDb("cannot record the node's start", (db) =>
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

  nodeStopped(node: string, run: string): void {
    this.withDb("cannot record the node's stop", (db) =>
      db.prepare("UPDATE node_lives SET stopped_clean = 1 WHERE node = ? AND run = ?").run(node, run),
    );
  }

  close(): void {
    this.closed = true;
  }

  private withDb<T>(what: string, f: (db: ReturnType<typeof openSqlite>) => T): T {
    if (this.closed)
      throw new HydraError("STORAGE", `${what} (${this.file}): the store is closed`, { file: this.file });
    const db = openSqlite(this.file);
    try {
      return guarded(what, this.file, () => {
        db.exec(NODE_LIVES_SCHEMA);
        return f(db);
      });
    } finally {
      db.close();
    }
  }
}
