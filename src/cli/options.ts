import { HydraError } from "../core/errors.js";

/** Parses a numeric CLI option once, naming the flag in the error. */
export function numberOption(
  flag: string,
  text: string | undefined,
  opts: { min?: number; integer?: boolean; positive?: boolean } = {},
): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  const bad =
    text.trim() === "" ||
    !Number.isFinite(v) ||
    (opts.integer === true && !Number.isInteger(v)) ||
    (opts.min !== undefined && v < opts.min) ||
    (opts.positive === true && v <= 0);
  if (bad) {
    const kind = opts.integer ? "an integer" : "a number";
    const range = opts.positive ? " > 0" : opts.min !== undefined ? ` >= ${opts.min}` : "";
    throw new HydraError("CLI_USAGE", `${flag} must be ${kind}${range}, got "${text}"`, { field: flag });
  }
  return v;
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
