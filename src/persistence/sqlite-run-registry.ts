import { HydraError } from "../core/errors.js";
import type { RunRegistry } from "./run-registry.js";
import { openSqlite, storageError } from "./sqlite-database.js";

export const NODE_RUNS_SCHEMA = `
CREATE TABLE IF NOT EXISTS node_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT NOT NULL, mode TEXT NOT NULL, started_at_wall INTEGER NOT NULL
);`;

/** The run registry in the table node_runs of a SQLite database, opened for each run and closed after it. */
export class SqliteRunRegistry implements RunRegistry {
  private closed = false;

  constructor(private readonly file: string) {}

  startRun(command: string, mode: string, wallMs: number): number {
    if (this.closed)
      throw new HydraError("STORAGE", `cannot number the run (${this.file}): the store is closed`, {
        file: this.file,
      });
    const db = openSqlite(this.file);
    try {
      db.exec(NODE_RUNS_SCHEMA);
      const r = db
        .prepare("INSERT INTO node_runs (command, mode, started_at_wall) VALUES (?,?,?)")
        .run(command, mode, wallMs);
      return Number(r.lastInsertRowid);
    } catch (e) {
      throw storageError("cannot number the run", this.file, e);
    } finally {
      db.close();
    }
  }

  close(): void {
    this.closed = true;
  }
}
