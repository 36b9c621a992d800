import type { KillSwitchStore } from "../risk/kill-switch/kill-switch-store.js";
import {
  checkedKillSwitch,
  closedStoreError,
  emptyKillSwitch,
  type StoredKillSwitch,
} from "./kill-switch-row.js";

/** The record several in-memory connections share (what a database file is to SQLite connections). */
export interface MemoryKillSwitchCell {
  record: StoredKillSwitch;
}

/**
 * A KillSwitchStore in memory, for tests and single-process runs; `connect` opens another
 * connection to the same record.
 */
export class MemoryKillSwitchStore implements KillSwitchStore {
  private closed = false;

  constructor(private readonly cell: MemoryKillSwitchCell = { record: emptyKillSwitch() }) {}

  connect(): MemoryKillSwitchStore {
    return new MemoryKillSwitchStore(this.cell);
  }

  read(): StoredKillSwitch {
    if (this.closed) throw closedStoreError("read");
    return { ...this.cell.record };
  }

  write(active: boolean, reason: string, timeMs: number, by: string): StoredKillSwitch {
    if (this.closed) throw closedStoreError("write");
    this.cell.record = checkedKillSwitch(active, reason, timeMs, by);
    return { ...this.cell.record };
  }

  close(): void {
    this.closed = true;
  }
}
