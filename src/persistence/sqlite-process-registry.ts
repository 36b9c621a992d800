import type { NodeProcess, ProcessRegistry } from "../risk/kill-switch/process-registry.js";
import { guarded, openSqlite, type SqliteDatabase, storageError } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS node_processes (
  pid INTEGER PRIMARY KEY, name TEXT NOT NULL, started_at_wall INTEGER NOT NULL,
  last_poll_at_wall INTEGER NOT NULL, halted INTEGER NOT NULL DEFAULT 0
);`;

interface Row {
  pid: number;
  name: string;
  started_at_wall: number;
  last_poll_at_wall: number;
  halted: number;
}

/** The processes that poll the kill switch, in the table node_processes of the shared database (wall times). */
export class SqliteProcessRegistry implements ProcessRegistry {
  private constructor(private readonly db: SqliteDatabase) {
    try {
      db.exec(SCHEMA);
    } catch (e) {
      db.close();
      throw storageError("cannot create the node_processes table", db.name, e);
    }
  }

  static open(file: string): SqliteProcessRegistry {
    return new SqliteProcessRegistry(openSqlite(file));
  }

  register(p: NodeProcess): void {
    this.guard(() =>
      this.db
        .prepare(
          `INSERT INTO node_processes (pid, name, started_at_wall, last_poll_at_wall, halted) VALUES (?,?,?,?,?)
           ON CONFLICT (pid) DO UPDATE SET name = excluded.name, started_at_wall = excluded.started_at_wall,
           last_poll_at_wall = excluded.last_poll_at_wall, halted = excluded.halted`,
        )
        .run(p.pid, p.name, p.startedAt, p.lastPollAt, p.halted ? 1 : 0),
    );
  }

  heartbeat(pid: number, atMs: number, halted: boolean): void {
    this.guard(() =>
      this.db
        .prepare("UPDATE node_processes SET last_poll_at_wall = ?, halted = ? WHERE pid = ?")
        .run(atMs, halted ? 1 : 0, pid),
    );
  }

  unregister(pid: number): void {
    this.guard(() => this.db.prepare("DELETE FROM node_processes WHERE pid = ?").run(pid));
  }

  list(): NodeProcess[] {
    const rows = this.guard(() =>
      this.db.prepare<[], Row>("SELECT * FROM node_processes ORDER BY started_at_wall, pid").all(),
    );
    return rows.map((r) => ({
      pid: r.pid,
      name: r.name,
      startedAt: r.started_at_wall,
      lastPollAt: r.last_poll_at_wall,
      halted: r.halted === 1,
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private guard<T>(f: () => T): T {
    return guarded("process registry", this.db.name, f);
  }
}
