import { DataError } from "../../core/errors.js";
import type { TimeParser } from "./parse-time.js";

/** Shown values are cut to this length so a runaway field does not flood the message. */
const SHOW = 60;

function show(raw: string): string {
  return JSON.stringify(raw.length > SHOW ? `${raw.slice(0, SHOW)}…` : raw);
}

/** A time field that did not parse (bad text) or names a wall time that does not exist in the zone. */
export function timeError(
  file: string,
  line: number,
  field: string,
  raw: string,
  parser: TimeParser,
): DataError {
  const why =
    parser.failure === "nonexistent"
      ? `time ${show(raw)} does not exist in ${parser.zone} (inside a daylight-saving gap: is the zone right?)`
      : `time ${show(raw)} is not a timestamp (ISO date/time, epoch seconds or ms, or YYYYMMDD HHMMSS)`;
  return new DataError("DATA_BAD_ROW", file, why, { line, field });
}

/** A numeric field that is empty, not a number or not finite. */
export function numberError(file: string, line: number, field: string, raw: string): DataError {
  return new DataError("DATA_BAD_ROW", file, `${show(raw)} is not a finite number`, { line, field });
}

/**
 * A row with the wrong number of fields. The field is the first missing column when there are too few,
 * undefined when there are too many.
 */
export function fieldCountError(
  file: string,
  line: number,
  got: number,
  names: readonly string[],
): DataError {
  const missing = got < names.length ? names[got] : undefined;
  const why = `row has ${got} fields, expected ${names.length} (${names.join(",")})`;
  return new DataError(
    "DATA_BAD_ROW",
    file,
    why,
    missing === undefined ? { line } : { line, field: missing },
  );
}

/** A row whose values contradict each other or the rules of the format. */
export function rowError(file: string, line: number, field: string, why: string): DataError {
  return new DataError("DATA_BAD_ROW", file, why, { line, field });
}

/** A time that goes backwards (or repeats, for bars). */
export function orderError(
  file: string,
  line: number,
  field: string,
  t: number,
  prev: number,
  strict: boolean,
): DataError {
  const rel = t === prev ? "repeats" : "goes back from";
  const why = `time ${new Date(t).toISOString()} ${rel} the previous row's ${new Date(prev).toISOString()} (times must be ${strict ? "strictly increasing" : "non-decreasing"})`;
  return new DataError("DATA_ORDER", file, why, { line, field });
}

/** A file with a header (or nothing) but no data rows. */
export function noRowsError(file: string): DataError {
  return new DataError("DATA_FORMAT", file, "the file has no data rows");
}
