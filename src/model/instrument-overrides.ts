import { HydraError } from "../core/errors.js";
import type { InstrumentSpec } from "./instrument.js";

const NUMERIC: ReadonlyArray<keyof InstrumentSpec> = [
  "digits",
  "tickSize",
  "contractSize",
  "marginRate",
  "volumeMin",
  "volumeStep",
  "volumeMax",
  "commissionPerLot",
  "marginPerLot",
  "leverage",
  "spread",
  "swapLong",
  "swapShort",
  "rolloverHour",
];
const TEXT: ReadonlyArray<keyof InstrumentSpec> = [
  "assetClass",
  "quoteCurrency",
  "baseCurrency",
  "marginMode",
  "swapTripleDay",
  "rolloverZone",
];

/**
 * Parses an instruments config: a JSON object of symbol → spec fields to override, e.g.
 * `{"XAUUSD": {"commissionPerLot": 3.5, "swapLong": -6.2, "leverage": 20}}`. Unknown fields and wrong types are errors
 * naming the symbol and the field; the merged spec is validated when it is resolved.
 */
export function parseInstrumentOverrides(
  text: string,
  source: string,
): Record<string, Partial<InstrumentSpec>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HydraError(
      "CONFIG_INVALID",
      `${source}: not valid JSON (${(e as Error).message})`,
      { file: source },
      e,
    );
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new HydraError("CONFIG_INVALID", `${source}: expected an object of symbol → spec fields`, {
      file: source,
    });
  }
  const out: Record<string, Partial<InstrumentSpec>> = {};
  for (const [symbol, fields] of Object.entries(raw)) {
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
      throw new HydraError("CONFIG_INVALID", `${source}: ${symbol} must be an object of spec fields`, {
        file: source,
        field: symbol,
      });
    }
    const spec: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      const field = `${symbol}.${key}`;
      if ((NUMERIC as readonly string[]).includes(key)) {
        if (typeof value !== "number" || !Number.isFinite(value)) {
          throw new HydraError("CONFIG_INVALID", `${source}: ${field} must be a number`, {
            file: source,
            field,
          });
        }
      } else if ((TEXT as readonly string[]).includes(key)) {
        if (typeof value !== "string")
          throw new HydraError("CONFIG_INVALID", `${source}: ${field} must be a string`, {
            file: source,
            field,
          });
      } else if (key === "sessions") {
        if (
          typeof value !== "object" ||
          value === null ||
          typeof (value as { zone?: unknown }).zone !== "string"
        ) {
          throw new HydraError("CONFIG_INVALID", `${source}: ${field} must be an object with a zone`, {
            file: source,
            field,
          });
        }
      } else {
        throw new HydraError(
          "CONFIG_INVALID",
          `${source}: unknown field ${field} (known: ${[...NUMERIC, ...TEXT, "sessions"].join(", ")})`,
          {
            file: source,
            field,
          },
        );
      }
      spec[key] = value;
    }
    out[symbol] = spec as Partial<InstrumentSpec>;
  }
  return out;
}
