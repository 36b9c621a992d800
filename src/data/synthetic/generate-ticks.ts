import { HydraError } from "../../core/errors.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import { Float64Column, type TickSeries } from "../series.js";
import type { MarketProfile } from "./market-profile.js";
import { checkRun, symbolSeed } from "./run-options.js";
import { resolveSymbol } from "./synthetic-market.js";
import { TickGenerator } from "./tick-generator.js";

export interface GenerateTicksOptions {
  seed: number;
  startMs: number;
  /** exclusive end, epoch ms */
  endMs: number;
  spec?: InstrumentSpec;
  profile?: Partial<MarketProfile>;
}

/**
 * The synthetic ticks of one symbol over [startMs, endMs) as columns, for backtests. Identical to the
 * symbol's ticks in a SyntheticMarket run with the same seed and start.
 */
export function generateTicks(symbol: string, options: GenerateTicksOptions): TickSeries {
  const { seed, startMs, endMs } = options;
  checkRun(seed, startMs, endMs);
  if (!Number.isFinite(endMs)) {
    throw new HydraError(
      "CONFIG_INVALID",
      "generateTicks: endMs must be finite (use SyntheticMarket for a stream)",
      {
        field: "endMs",
      },
    );
  }
  const { spec, profile } = resolveSymbol(symbol, options.spec, options.profile);
  const gen = new TickGenerator(spec, profile, symbolSeed(seed, symbol), startMs);
  // Roughly half the hours are busy: start near the expected size to spare most of the doublings.
  const guess = Math.min(1 << 24, Math.ceil((endMs - startMs) / profile.activeTickIntervalMs / 2) + 1024);
  const time = new Float64Column(guess);
  const bid = new Float64Column(guess);
  const ask = new Float64Column(guess);
  for (;;) {
    gen.advance();
    if (gen.time >= endMs) break;
    time.push(gen.time);
    bid.push(gen.bid);
    ask.push(gen.ask);
  }
  return {
    kind: "ticks",
    symbol,
    length: time.length,
    time: time.finish(),
    bid: bid.finish(),
    ask: ask.finish(),
  };
}
