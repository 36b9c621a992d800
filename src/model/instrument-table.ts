import { HydraError } from "../core/errors.js";
import type { InstrumentSpec } from "./instrument.js";

/** The instruments of one run, each with a dense index so the hot path works on arrays, not maps. */
export class InstrumentTable {
  readonly specs: readonly InstrumentSpec[];
  private readonly bySymbol = new Map<string, number>();

  constructor(specs: readonly InstrumentSpec[]) {
    this.specs = specs;
    specs.forEach((s, i) => {
      if (this.bySymbol.has(s.symbol)) {
        throw new HydraError("INSTRUMENT_INVALID", `instrument ${s.symbol} is listed twice`, {
          symbol: s.symbol,
        });
      }
      this.bySymbol.set(s.symbol, i);
    });
  }

  get size(): number {
    return this.specs.length;
  }

  index(symbol: string): number {
    const i = this.bySymbol.get(symbol);
    if (i === undefined) {
      throw new HydraError("INSTRUMENT_UNKNOWN", `symbol "${symbol}" is not traded in this run`, { symbol });
    }
    return i;
  }

  has(symbol: string): boolean {
    return this.bySymbol.has(symbol);
  }

  spec(symbol: string): InstrumentSpec {
    return this.specs[this.index(symbol)]!;
  }
}
