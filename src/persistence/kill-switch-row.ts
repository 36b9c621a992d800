import { HydraError } from "../core/errors.js";

import { type KillSwitchRecord, NEVER_SET } from "../risk/kill-switch/kill-switch-store.js";

/** The record as the stores hand it out: the risk layer's KillSwitchRecord. */
export type StoredKillSwitch = KillSwitchRecord;

export const emptyKillSwitch = (): StoredKillSwitch => ({ ...NEVER_SET });

/** Checks a write, so every store rejects the same inputs (STORAGE). */
export function checkedKillSwitch(
  active: boolean,
  reason: string,
  timeMs: number,
  by: string,
): StoredKillSwitch {
  if (typeof active !== "boolean")
    throw new HydraError("STORAGE", `kill switch: active must be a boolean, got ${String(active)}`);
  if (!Number.isSafeInteger(timeMs) || timeMs < 0)
    throw new HydraError("STORAGE", `kill switch: time must be epoch ms (an integer >= 0), got ${timeMs}`);
  return { active, reason, updatedAt: timeMs, updatedBy: by };
}

export function closedStoreError(what: string): HydraError {
  return new HydraError("STORAGE", `${what}: the kill switch store is closed`);
}
