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

/** The trade server's usual address on the Linux side (an SSH tunnel to the Windows bridge). */
export const DEFAULT_BRIDGE_ENDPOINT = "tcp://127.0.0.1:15555";

/**
 * The trade server a run talks to. Live mode sends real orders, so its bridge is never assumed: without
 * an explicit `--bridge` it is refused (the default address may be the simulated bridge, or nothing).
 * Paper and shadow take the default when none is given.
 */
export function requireBridgeForLive(mode: ExecutionMode, bridge: string | undefined): string {
  const given = bridge?.trim();
  if (given !== undefined && given !== "") return given;
  if (mode === "live")
    throw new HydraError(
      "CLI_USAGE",
      `live mode sends real orders: give the trade server with --bridge (e.g. --bridge ${DEFAULT_BRIDGE_ENDPOINT}, the tunnel to the MT5 bridge); it is never assumed`,
      { field: "--bridge" },
    );
  return DEFAULT_BRIDGE_ENDPOINT;
}
