import { readFileSync } from "node:fs";
import { HydraError } from "../core/errors.js";
import type { InstrumentSpec } from "../model/instrument.js";
import { DEFAULT_INSTRUMENTS } from "../model/default-instruments.js";
import { parseInstrumentOverrides } from "../model/instrument-overrides.js";

/**
 * Reads an --instruments JSON file of spec overrides by symbol. A symbol with no default spec must give
 * its digits (a new instrument); otherwise it is a typo (XAUSD) whose overrides would silently apply to
 * nothing, and is refused naming the symbol and the file.
 */
export function readInstrumentFile(file: string): Record<string, Partial<InstrumentSpec>> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new HydraError(
      "CONFIG_INVALID",
      `--instruments: cannot read ${file}`,
      { field: "--instruments", file },
      e,
    );
  }
  const overrides = parseInstrumentOverrides(text, file);
  for (const [symbol, spec] of Object.entries(overrides))
    if (DEFAULT_INSTRUMENTS[symbol] === undefined && spec.digits === undefined)
      throw new HydraError(
        "INSTRUMENT_UNKNOWN",
        `--instruments ${file}: no default spec for symbol "${symbol}" (known: ${Object.keys(DEFAULT_INSTRUMENTS).join(", ")}); give its digits to define a new instrument`,
        { field: symbol, file },
      );
  return overrides;
}
