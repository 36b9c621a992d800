import { HydraError } from "../core/errors.js";

export type ExecutionMode = "paper" | "shadow" | "live";

const MODES: readonly ExecutionMode[] = ["paper", "shadow", "live"];

/**
 * EXECUTION_MODE: paper (the simulated venue, on live or simulated ticks), shadow (live ticks, decisions
 * recorded, nothing sent) or live (orders to MT5 through the bridge). One code path: only the venue
 * differs. Default paper; anything else is an error naming the variable.
 */
export function executionMode(value: string | undefined, source = "EXECUTION_MODE"): ExecutionMode {
  if (value === undefined || value.trim() === "") return "paper";
  const v = value.trim().toLowerCase();
  if ((MODES as readonly string[]).includes(v)) return v as ExecutionMode;
  throw new HydraError("CONFIG_INVALID", `${source} must be one of ${MODES.join(", ")}, got "${value}"`, {
    field: source,
  });
}
