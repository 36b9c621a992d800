import { HydraError } from "../core/errors.js";
import type { Timeframe } from "../model/market-data.js";
import { GOLD_EURUSD_BOTS } from "./ftmo/bots-gold-eurusd.js";
import { INDEX_SCALPER_BOTS } from "./ftmo/bots-index-scalper.js";
import { SMA_CROSS_PARAMS, SmaCross } from "./sma-cross.js";
import type { Strategy } from "./strategy.js";
import { type ParamSchema, parseParams } from "./strategy-params.js";

export interface StrategyDefinition {
  name: string;
  description: string;
  params: ParamSchema;
  /** `name`: the instance's name (a bot on several symbols: "hf-scalper:EURUSD"); the definition's by default */
  create(
    symbol: string,
    timeframe: Timeframe,
    rawParams: Readonly<Record<string, string>>,
    name?: string,
  ): Strategy;
}

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
