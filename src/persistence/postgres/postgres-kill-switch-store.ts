import { HydraError } from "../../core/errors.js";
import type { KillSwitchStore } from "../../risk/kill-switch/kill-switch-store.js";
import {
  checkedKillSwitch,
  closedStoreError,
  emptyKillSwitch,
  type StoredKillSwitch,
} from "../kill-switch-row.js";
import type { PgSyncClient } from "./pg-sync-client.js";
import { openPostgres } from "./postgres-database.js";

interface Row {
  kill_switch: unknown;
  reason: unknown;
  updated_at: unknown;
  updated_by: unknown;
}

/**
 * The kill switch in the one-row table guardian_state of a PostgreSQL database: every node on the
 * database reads the same row, so one `hydra kill-switch on` halts them all.
 */
export class PostgresKillSwitchStore implements KillSwitchStore {
  private closed = false;

  /** `ownsClient`: close() closes the connection too (true when opened through `open`). */
  constructor(
    private readonly client: PgSyncClient,
    private readonly ownsClient = false,
  ) {}

  static open(url: string, nowWallMs: number): PostgresKillSwitchStore {
    return new PostgresKillSwitchStore(openPostgres(url, nowWallMs), true);
  }

  read(): StoredKillSwitch {
    if (this.closed) throw closedStoreError("read");
    const row = this.client.query<Row>(
      "SELECT kill_switch, reason, updated_at, updated_by FROM guardian_state WHERE id = 1",
    ).rows[0];
    return row === undefined ? emptyKillSwitch() : decode(row);
  }

  write(active: boolean, reason: string, timeMs: number, by: string): StoredKillSwitch {
    if (this.closed) throw closedStoreError("write");
    const r = checkedKillSwitch(active, reason, timeMs, by);
    this.client.query(
      `INSERT INTO guardian_state (id, kill_switch, reason, updated_at, updated_by) VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET kill_switch = excluded.kill_switch, reason = excluded.reason,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [r.active, r.reason, r.updatedAt, r.updatedBy],
    );
    return r;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) this.client.close();
  }
}

function decode(row: Row): StoredKillSwitch {
  const at = row.updated_at ?? 0;
  if (typeof row.kill_switch !== "boolean" || typeof at !== "number")
    throw new HydraError("STORAGE", "guardian_state holds an invalid kill switch row", {
      kill_switch: row.kill_switch,
      updated_at: at,
    });
  return {
    active: row.kill_switch,
    reason: typeof row.reason === "string" ? row.reason : "",
    updatedAt: at,
    updatedBy: typeof row.updated_by === "string" ? row.updated_by : "",
  };
}
