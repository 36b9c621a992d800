import { HydraError } from "../../core/errors.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import { type InstrumentSpec, validateInstrument } from "../../model/instrument.js";
import { type MarketProfile, marketProfile } from "./market-profile.js";
import { checkRun, symbolSeed } from "./run-options.js";
import { TickGenerator } from "./tick-generator.js";

export interface SyntheticMarketOptions {
  symbols: readonly string[];
  seed: number;
  /** epoch ms; the first tick comes after it (at the next open when the market is closed) */
  startMs: number;
  /** exclusive end, epoch ms; when omitted the stream never ends */
  endMs?: number;
  /** contract specs by symbol; the defaults otherwise (an unknown symbol needs one here) */
  specs?: Readonly<Record<string, InstrumentSpec>>;
  /** profile fields to override by symbol */
  profiles?: Readonly<Record<string, Partial<MarketProfile>>>;
}

/** Spec and profile of one symbol of a run. */
export function resolveSymbol(
  symbol: string,
  spec: InstrumentSpec | undefined,
  overrides: Partial<MarketProfile> | undefined,
): { spec: InstrumentSpec; profile: MarketProfile } {
  const s = spec === undefined ? resolveInstrument(symbol) : validateInstrument({ ...spec, symbol });
  return { spec: s, profile: marketProfile(s, overrides) };
}

/**
 * The seeded synthetic market: ticks of one or several symbols merged in time order (ties go to the
 * earlier symbol in `symbols`). The current tick is in the fields, so a run allocates nothing per tick:
 *
 *   const m = new SyntheticMarket({ symbols: ["XAUUSD", "EURUSD"], seed: 42, startMs });
 *   while (m.next()) use(m.symbols[m.symbolIndex], m.time, m.bid, m.ask);
 *
 * The same seed and start give the same ticks on every machine (no Math.random, no wall clock).
 */
export class SyntheticMarket {
  readonly symbols: readonly string[];
  readonly specs: readonly InstrumentSpec[];
  readonly profiles: readonly MarketProfile[];
  readonly endMs: number;
  /** index into `symbols` of the current tick; -1 before the first next() */
  symbolIndex = -1;
  time = Number.NaN;
  bid = Number.NaN;
  ask = Number.NaN;

  private readonly generators: TickGenerator[];

  constructor(options: SyntheticMarketOptions) {
    const { symbols, seed, startMs } = options;
    this.endMs = options.endMs ?? Number.POSITIVE_INFINITY;
    checkRun(seed, startMs, this.endMs);
    if (symbols.length === 0 || new Set(symbols).size !== symbols.length) {
      throw new HydraError("CONFIG_INVALID", "synthetic market: give one or more distinct symbols", {
        field: "symbols",
      });
    }
    this.symbols = [...symbols];
    const resolved = symbols.map((s) => resolveSymbol(s, options.specs?.[s], options.profiles?.[s]));
    this.specs = resolved.map((r) => r.spec);
    this.profiles = resolved.map((r) => r.profile);
    this.generators = resolved.map(
      (r, i) => new TickGenerator(r.spec, r.profile, symbolSeed(seed, symbols[i]!), startMs),
    );
    for (const g of this.generators) g.advance();
  }

  /** Moves to the next tick of any symbol; false once every symbol has reached endMs. */
  next(): boolean {
    let best = -1;
    let bestTime = this.endMs;
    const gens = this.generators;
    for (let i = 0; i < gens.length; i++) {
      const t = gens[i]!.time;
      if (t < bestTime) {
        best = i;
        bestTime = t;
      }
    }
    if (best < 0) return false;
    const g = gens[best]!;
    this.symbolIndex = best;
    this.time = g.time;
    this.bid = g.bid;
    this.ask = g.ask;
    g.advance();
    return true;
  }
}
