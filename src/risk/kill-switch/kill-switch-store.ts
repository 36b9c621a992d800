/** The persisted kill switch: one record, shared by every process that trades (and the CLI that flips it). */
export interface KillSwitchRecord {
  active: boolean;
  /** why it was set; "" when never set */
  reason: string;
  /** epoch ms of the last write; 0 when never set */
  updatedAt: number;
  /** who wrote it ("cli", an engine name…); "" when never set */
  updatedBy: string;
}

/**
 * Where the kill switch lives. Implementations (SQLite now, PostgreSQL later) are in persistence/ and
 * all pass the same contract suite (kill-switch-store.contract.ts). Failures are HydraError STORAGE.
 */
export interface KillSwitchStore {
  /** the current record; the never-set record when nothing was written yet */
  read(): KillSwitchRecord;
  /** replaces the record (last write wins) and returns what was written */
  write(active: boolean, reason: string, timeMs: number, by: string): KillSwitchRecord;
  /** releases the connection; idempotent. read/write afterwards throw STORAGE. */
  close(): void;
}

export const NEVER_SET: Readonly<KillSwitchRecord> = Object.freeze({
  active: false,
  reason: "",
  updatedAt: 0,
  updatedBy: "",
});
