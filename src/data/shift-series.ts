import { HydraError } from "../core/errors.js";
import type { MarketSeries } from "./series.js";

const HOUR_MS = 3_600_000;

/**
 * Adds a fixed number of hours to every timestamp: a broker's server clock that runs a fixed offset
 * from a zone's wall clock (the US30 file is New York + 7 h, so it is read with --tz America/New_York
 * and shifted by −7 h). Whole or fractional hours, at most ±24.
 */
export function shiftSeries(series: MarketSeries, hours: number): MarketSeries {
  if (!Number.isFinite(hours) || Math.abs(hours) > 24)
    throw new HydraError("CLI_USAGE", `--shift must be a number of hours between -24 and 24, got ${hours}`, {
      field: "--shift",
    });
  if (hours === 0) return series;
  const offsetMs = Math.round(hours * HOUR_MS);
  const time = series.time.map((t) => t + offsetMs);
  return { ...series, time };
}
