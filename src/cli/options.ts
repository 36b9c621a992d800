import { endpointProblem } from "../core/endpoint.js";
import { HydraError } from "../core/errors.js";

/** Parses a numeric CLI option once, naming the flag in the error. */
export function numberOption(
  flag: string,
  text: string | undefined,
  opts: { min?: number; max?: number; integer?: boolean; positive?: boolean } = {},
): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  const bad =
    text.trim() === "" ||
    !Number.isFinite(v) ||
    (opts.integer === true && !Number.isInteger(v)) ||
    (opts.min !== undefined && v < opts.min) ||
    (opts.positive === true && v <= 0) ||
    (opts.max !== undefined && v > opts.max);
  if (bad) {
    const kind = opts.integer ? "an integer" : "a number";
    const lower = opts.positive ? " > 0" : opts.min !== undefined ? ` >= ${opts.min}` : "";
    const upper = opts.max === undefined ? "" : `${lower === "" ? "" : " and"} <= ${opts.max}`;
    const range = `${lower}${upper}`;
    throw new HydraError("CLI_USAGE", `${flag} must be ${kind}${range}, got "${text}"`, { field: flag });
  }
  return v;
}

/** The highest TCP port. */
const MAX_PORT = 65_535;

/** Parses a TCP port option (0: any free port), naming the flag and the range in the error. */
export function portOption(flag: string, text: string | undefined): number | undefined {
  return numberOption(flag, text, { integer: true, min: 0, max: MAX_PORT });
}

/** Parses an ISO time option (UTC when it has no offset). */
export function timeOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) || /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    throw new HydraError(
      "CLI_USAGE",
      `${flag} must be an ISO time such as 2024-01-01T00:00:00Z, got "${text}"`,
      { field: flag },
    );
  return ms;
}

export function choiceOption<T extends string>(
  flag: string,
  text: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    throw new HydraError("CLI_USAGE", `${flag} must be one of ${choices.join(", ")}, got "${text}"`, {
      field: flag,
    });
  }
  return text as T;
}

/** The longest duration a timer takes (2^31 − 1 ms, 24.8 days): Node fires a longer one at once. */
const MAX_DURATION_MS = 2_147_483_647;

/**
 * Parses a duration such as 500ms, 30s, 10m, 2h or 1d into milliseconds: more than 0 (a zero cycle,
 * timeout or poll would spin) and at most 24 days (a longer timer would fire at once).
 */
export function durationOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m)
    throw new HydraError("CLI_USAGE", `${flag} must be a duration such as 30s, 10m or 2h, got "${text}"`, {
      field: flag,
    });
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as "ms" | "s" | "m" | "h" | "d"
  ];
  const ms = Number(m[1]) * unit;
  if (ms < 1 || ms > MAX_DURATION_MS)
    throw new HydraError(
      "CLI_USAGE",
      `${flag} must be a duration of at least 1ms and at most 24d (the longest timer), got "${text}"`,
      { field: flag },
    );
  return ms;
}

/** Checks a ZeroMQ endpoint option (tcp://HOST:PORT, ipc://, inproc://), naming the flag. */
export function endpointOption(flag: string, text: string, bind = false): string {
  const problem = endpointProblem(text, bind);
  if (problem !== undefined)
    throw new HydraError("CLI_USAGE", `${flag} ${problem}, got "${text}"`, { field: flag });
  return text;
}
