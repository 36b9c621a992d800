import { HydraError } from "../core/errors.js";
import type { KillSwitchStore } from "../risk/kill-switch/kill-switch-store.js";
import {
  checkedKillSwitch,
  closedStoreError,
  emptyKillSwitch,
  type StoredKillSwitch,
} from "./kill-switch-row.js";
import { openSqlite, type SqliteDatabase, storageError } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS guardian_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  kill_switch INTEGER NOT NULL DEFAULT 0 CHECK (kill_switch IN (0, 1)),
  reason      TEXT,
  updated_at  INTEGER,
  updated_by  TEXT
);
INSERT OR IGNORE INTO guardian_state (id, kill_switch, reason, updated_at, updated_by) VALUES (1, 0, '', 0, '');
`;

const UPSERT = `
INSERT INTO guardian_state (id, kill_switch, reason, updated_at, updated_by) VALUES (1, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  kill_switch = excluded.kill_switch, reason = excluded.reason,
  updated_at = excluded.updated_at, updated_by = excluded.updated_by`;

interface Row {
  kill_switch: unknown;
  reason: unknown;
  updated_at: unknown;
  updated_by: unknown;
}

/**
 * The kill switch in the one-row table guardian_state of a SQLite file (created when missing).
 */
export class SqliteKillSwitchStore implements KillSwitchStore {
  private closed = false;

  /** `ownsDb`: close() closes the database too (true when opened through `open`). */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly ownsDb = false,
  ) {
    try {
      db.exec(SCHEMA);
    } catch (e) {
      throw storageError("cannot create the guardian_state table", db.name, e);
    }
  }

  static open(file: string): SqliteKillSwitchStore {
    const db = openSqlite(file);
    try {
      return new SqliteKillSwitchStore(db, true);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  read(): StoredKillSwitch {
    if (this.closed) throw closedStoreError("read");
    let row: Row | undefined;
    try {
      row = this.db
        .prepare<[], Row>(
          "SELECT kill_switch, reason, updated_at, updated_by FROM guardian_state WHERE id = 1",
        )
        .get();
    } catch (e) {
      throw storageError("cannot read the kill switch", this.db.name, e);
    }
    return row === undefined ? emptyKillSwitch() : this.decode(row);
  }

  write(active: boolean, reason: string, timeMs: number, by: string): StoredKillSwitch {
    if (this.closed) throw closedStoreError("write");
    const r = checkedKillSwitch(active, reason, timeMs, by);
    try {
      this.db.prepare(UPSERT).run(r.active ? 1 : 0, r.reason, r.updatedAt, r.updatedBy);
    } catch (e) {
      throw storageError("cannot write the kill switch", this.db.name, e);
    }
    return r;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDb) this.db.close();
  }

  private decode(row: Row): StoredKillSwitch {
    const k = row.kill_switch;
    const at = row.updated_at ?? 0;
    if ((k !== 0 && k !== 1) || typeof at !== "number")
      throw new HydraError("STORAGE", `${this.db.name}: guardian_state holds an invalid kill switch row`, {
        file: this.db.name,
        kill_switch: k,
        updated_at: at,
      });
    return {
      active: k === 1,
      reason: typeof row.reason === "string" ? row.reason : "",
      updatedAt: at,
      updatedBy: typeof row.updated_by === "string" ? row.updated_by : "",
    };
  }
}
