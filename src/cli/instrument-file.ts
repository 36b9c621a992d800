import { readFileSync } from "node:fs";
import { HydraError } from "../core/errors.js";
import type { InstrumentSpec } from "../model/instrument.js";
import { parseInstrumentOverrides } from "../model/instrument-overrides.js";

/** Reads an --instruments JSON file of spec overrides by symbol. */
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
  return parseInstrumentOverrides(text, file);
}
