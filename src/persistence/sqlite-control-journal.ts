import { openSqlite, type SqliteDatabase } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS control_actions (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at_wall    TEXT NOT NULL,
  node       TEXT NOT NULL,
  who        TEXT NOT NULL,
  action     TEXT NOT NULL
);
`;

/**
 * Every control action an operator took on a node through its API (kill switch, pause, resume, close,
 * reload), with who and when (wall time), in the table control_actions of the shared database.
 */
export class SqliteControlJournal {
  private constructor(private readonly db: SqliteDatabase) {}

  static open(file: string): SqliteControlJournal {
    const db = openSqlite(file);
    db.exec(SCHEMA);
    return new SqliteControlJournal(db);
  }

  record(wallMs: number, node: string, who: string, action: string): void {
    this.db
      .prepare("INSERT INTO control_actions (at_wall, node, who, action) VALUES (?, ?, ?, ?)")
      .run(new Date(wallMs).toISOString(), node, who, action);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
