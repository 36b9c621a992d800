import type { EngineAction, EngineCommand, EngineCommandStore } from "./engine-command-store.js";
import { openSqlite, type SqliteDatabase } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS engine_commands (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  engine         TEXT NOT NULL,
  action         TEXT NOT NULL CHECK (action IN ('pause', 'resume')),
  requested_wall TEXT NOT NULL,
  requested_by   TEXT NOT NULL,
  applied_wall   TEXT,
  outcome        TEXT
);
`;

/**
 * Operator commands for the engines of a running `hydra run` (pause or resume one engine's circuit
 * breaker), journalled in the table engine_commands of the shared database: `hydra engine pause|resume`
 * adds one, the run applies it within a second and notes when and how.
 */
export class SqliteEngineCommands implements EngineCommandStore {
  private constructor(readonly db: SqliteDatabase) {}

  static open(file: string): SqliteEngineCommands {
    const db = openSqlite(file);
    db.exec(SCHEMA);
    return new SqliteEngineCommands(db);
  }

  request(engine: string, action: EngineAction, by: string, wallMs: number): number {
    const r = this.db
      .prepare(
        "INSERT INTO engine_commands (engine, action, requested_wall, requested_by) VALUES (?, ?, ?, ?)",
      )
      .run(engine, action, new Date(wallMs).toISOString(), by);
    return Number(r.lastInsertRowid);
  }

  /** commands not yet applied, oldest first */
  pending(): EngineCommand[] {
    const rows = this.db
      .prepare(
        "SELECT id, engine, action, requested_wall, requested_by FROM engine_commands WHERE applied_wall IS NULL ORDER BY id",
      )
      .all() as Array<{
      id: number;
      engine: string;
      action: EngineAction;
      requested_wall: string;
      requested_by: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      engine: r.engine,
      action: r.action,
      requestedWall: r.requested_wall,
      requestedBy: r.requested_by,
    }));
  }

  applied(id: number, wallMs: number, outcome: string): void {
    this.db
      .prepare("UPDATE engine_commands SET applied_wall = ?, outcome = ? WHERE id = ?")
      .run(new Date(wallMs).toISOString(), outcome, id);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
