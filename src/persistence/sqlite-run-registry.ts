import { openSqlite, storageError } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS node_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT NOT NULL, mode TEXT NOT NULL, started_at_wall INTEGER NOT NULL
);`;

/**
 * Numbers each run of a long-running command on a database (the table node_runs), so that the order and
 * position ids of one run ("R3.O1") never collide with another's in the same journal.
 */
export function startRun(dbPath: string, command: string, mode: string, wallMs: number): number {
  const db = openSqlite(dbPath);
  try {
    db.exec(SCHEMA);
    const r = db
      .prepare("INSERT INTO node_runs (command, mode, started_at_wall) VALUES (?,?,?)")
      .run(command, mode, wallMs);
    return Number(r.lastInsertRowid);
  } catch (e) {
    throw storageError("cannot number the run", dbPath, e);
  } finally {
    db.close();
  }
}
