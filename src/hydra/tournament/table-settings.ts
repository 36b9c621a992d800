import { HydraError } from "../../core/errors.js";
import { MIN_SHARPE_DAYS } from "../../portfolio/stats.js";

/** What the table may claim from how many days, and how the bootstrap draws. */
export interface TableSettings {
  /** daily returns a Sharpe ratio needs (fewer: "n/a (k of N days)") */
  minSharpeDays: number;
  /** daily returns a bootstrap interval needs (fewer: the table says so instead of computing) */
  minBootstrapDays: number;
  resamples: number;
  /** of the bootstrap interval, in (0, 1) */
  confidence: number;
  /** of the bootstrap's PRNG: the same records give the same intervals */
  seed: number;
}

export const DEFAULT_TABLE_SETTINGS: TableSettings = {
  minSharpeDays: MIN_SHARPE_DAYS,
  minBootstrapDays: 10,
  resamples: 2000,
  confidence: 0.95,
  seed: 1,
};

/** The defaults with `over` applied, checked once here (CONFIG_INVALID names the field). */
export function tableSettings(over: Partial<TableSettings> = {}): TableSettings {
  const s = { ...DEFAULT_TABLE_SETTINGS, ...over };
  const bad = (field: keyof TableSettings, want: string): never => {
    throw new HydraError("CONFIG_INVALID", `table settings: ${field} must be ${want}, got ${s[field]}`, {
      field,
    });
  };
  if (!Number.isInteger(s.minSharpeDays) || s.minSharpeDays < 2) bad("minSharpeDays", "an integer >= 2");
  if (!Number.isInteger(s.minBootstrapDays) || s.minBootstrapDays < 1)
    bad("minBootstrapDays", "an integer >= 1");
  if (!Number.isInteger(s.resamples) || s.resamples < 1) bad("resamples", "an integer >= 1");
  if (!(s.confidence > 0 && s.confidence < 1)) bad("confidence", "between 0 and 1");
  if (!Number.isInteger(s.seed)) bad("seed", "an integer");
  return s;
}
