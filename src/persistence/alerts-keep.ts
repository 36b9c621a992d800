import { HydraError } from "../core/errors.js";

/** Alerts an outbox keeps when HYDRA_ALERTS_KEEP is not set. */
export const DEFAULT_ALERTS_KEEP = 10_000;

/**
 * HYDRA_ALERTS_KEEP: unset or empty for the default, else a whole number of alerts ≥ 1; anything else
 * is refused, naming it, rather than ignored.
 */
export function alertsKeep(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return DEFAULT_ALERTS_KEEP;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1)
    throw new HydraError(
      "CONFIG_INVALID",
      `HYDRA_ALERTS_KEEP must be a whole number of alerts >= 1, got "${text}"`,
      {
        field: "HYDRA_ALERTS_KEEP",
      },
    );
  return v;
}
