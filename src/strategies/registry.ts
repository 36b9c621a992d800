import { HydraError } from "../core/errors.js";
import type { Timeframe } from "../model/market-data.js";
import { GOLD_EURUSD_BOTS } from "./ftmo/bots-gold-eurusd.js";
import { INDEX_SCALPER_BOTS } from "./ftmo/bots-index-scalper.js";
import { SMA_CROSS_PARAMS, SmaCross } from "./sma-cross.js";
import type { Strategy } from "./strategy.js";
import type { StrategyDefinition } from "./strategy-definition.js";
import { parseParams } from "./strategy-params.js";

export type { StrategyDefinition };

const DEFINITIONS: readonly StrategyDefinition[] = [
  {
    name: "sma-cross",
    description: "close crossing its SMA: buy on a cross up when flat, close on a cross down",
    params: SMA_CROSS_PARAMS,
    create: (symbol, timeframe, raw, name) =>
      new SmaCross(symbol, timeframe, parseParams("sma-cross", SMA_CROSS_PARAMS, raw), name),
  },
  // the six FTMO bots (SPEC §2)
  ...GOLD_EURUSD_BOTS,
  ...INDEX_SCALPER_BOTS,
];

export function strategyNames(): string[] {
  return DEFINITIONS.map((d) => d.name);
}

export function strategyDefinition(name: string): StrategyDefinition {
  const d = DEFINITIONS.find((x) => x.name === name);
  if (d === undefined) {
    throw new HydraError(
      "STRATEGY_UNKNOWN",
      `unknown strategy "${name}" (available: ${strategyNames().join(", ")})`,
      { strategy: name },
    );
  }
  return d;
}

/** One instance per symbol, named after it when there are several ("sma-cross:EURUSD"). */
export function instancePerSymbol(
  definition: StrategyDefinition,
  raw: Readonly<Record<string, string>>,
  symbols: readonly string[],
): (symbol: string, timeframe: Timeframe) => Strategy {
  return (symbol, timeframe) =>
    definition.create(
      symbol,
      timeframe,
      raw,
      symbols.length === 1 ? undefined : `${definition.name}:${symbol}`,
    );
}
