import type { ControlJournal } from "./control-journal.js";
import { guarded, openSqlite, type SqliteDatabase } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS control_actions (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at_wall    TEXT NOT NULL,
  node       TEXT NOT NULL,
  who        TEXT NOT NULL,
  action     TEXT NOT NULL
);
`;

/** The control journal in the table control_actions of the node's SQLite database. */
export class SqliteControlJournal implements ControlJournal {
  private constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
  ) {}

  static open(file: string): SqliteControlJournal {
    const db = openSqlite(file);
    guarded("cannot create the control journal", file, () => db.exec(SCHEMA));
    return new SqliteControlJournal(db, file);
  }

  record(wallMs: number, node: string, who: string, action: string): void {
    guarded("cannot record a control action", this.file, () =>
      this.db
        .prepare("INSERT INTO control_actions (at_wall, node, who, action) VALUES (?, ?, ?, ?)")
        .run(new Date(wallMs).toISOString(), node, who, action),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
