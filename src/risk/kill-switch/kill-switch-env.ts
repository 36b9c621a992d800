import { HydraError } from "../../core/errors.js";

/** What a kill switch does to open positions when it trips: keep them (freeze) or flatten them (close). */
export type KillSwitchMode = "close" | "freeze";
const KILL_SWITCH_MODES: readonly KillSwitchMode[] = ["close", "freeze"];

export type Env = Readonly<Record<string, string | undefined>>;

const ON = ["true", "1", "yes"];
const OFF = ["false", "0", "no", ""];

/** The KILL_SWITCH environment flag: true|1|yes on, false|0|no|unset off, anything else CONFIG_INVALID. */
export function killSwitchFromEnv(env: Env, name = "KILL_SWITCH"): boolean {
  const raw = env[name];
  if (raw === undefined) return false;
  const v = raw.trim().toLowerCase();
  if (ON.includes(v)) return true;
  if (OFF.includes(v)) return false;
  throw new HydraError(
    "CONFIG_INVALID",
    `${name} must be one of ${[...ON, ...OFF.filter((x) => x !== "")].join(", ")} (or unset), got "${raw}"`,
    { field: name },
  );
}

export function killSwitchMode(text: string | undefined, field = "killSwitch.mode"): KillSwitchMode {
  if (text === undefined) return "freeze";
  if ((KILL_SWITCH_MODES as readonly string[]).includes(text)) return text as KillSwitchMode;
  throw new HydraError("CONFIG_INVALID", `${field} must be "close" or "freeze", got "${text}"`, { field });
}
