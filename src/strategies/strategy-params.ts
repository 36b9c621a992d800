import { HydraError } from "../core/errors.js";

interface ParamSpec {
  type: "number" | "integer" | "string";
  default: number | string;
  description: string;
  min?: number;
}

export type ParamSchema = Readonly<Record<string, ParamSpec>>;
export type ParamValues = Readonly<Record<string, number | string>>;

/** Parses `key=value` pairs against a strategy's schema; unknown keys and bad values name the parameter. */
export function parseParams(
  strategy: string,
  schema: ParamSchema,
  raw: Readonly<Record<string, string>>,
): ParamValues {
  const out: Record<string, number | string> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in schema)) {
      throw new HydraError(
        "STRATEGY_PARAM",
        `strategy ${strategy} has no parameter "${key}" (it has: ${Object.keys(schema).join(", ")})`,
        {
          param: key,
        },
      );
    }
  }
  for (const [key, spec] of Object.entries(schema)) {
    const text = raw[key];
    if (text === undefined) {
      out[key] = spec.default;
      continue;
    }
    if (spec.type === "string") {
      out[key] = text;
      continue;
    }
    const v = Number(text);
    if (
      text.trim() === "" ||
      !Number.isFinite(v) ||
      (spec.type === "integer" && !Number.isInteger(v)) ||
      (spec.min !== undefined && v < spec.min)
    ) {
      const want = `${spec.type === "integer" ? "an integer" : "a number"}${spec.min !== undefined ? ` >= ${spec.min}` : ""}`;
      throw new HydraError(
        "STRATEGY_PARAM",
        `strategy ${strategy}: parameter "${key}" must be ${want}, got "${text}"`,
        { param: key },
      );
    }
    out[key] = v;
  }
  return out;
}

/** Splits repeated `--param key=value` options into a record. */
export function paramPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf("=");
    if (i <= 0)
      throw new HydraError("CLI_USAGE", `--param expects key=value, got "${p}"`, { field: "--param" });
    out[p.slice(0, i).trim()] = p.slice(i + 1).trim();
  }
  return out;
}
