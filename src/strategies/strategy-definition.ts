import type { Timeframe } from "../model/market-data.js";
import type { Strategy } from "./strategy.js";
import type { ParamSchema } from "./strategy-params.js";

/** A strategy as the registry lists it: its parameters (with defaults) and how to build one instance. */
export interface StrategyDefinition {
  name: string;
  description: string;
  params: ParamSchema;
  /**
   * true: it proposes volume 0 and the risk layer sizes the trade (risk % of equity to the stop), so a
   * backtest runs the risk layer's pre-trade rules for it even without a prop-firm program or guardian
   */
  sizedByRisk?: boolean;
  /** `name`: the instance's name (a bot on several symbols: "hf-scalper:EURUSD"); the definition's by default */
  create(
    symbol: string,
    timeframe: Timeframe,
    rawParams: Readonly<Record<string, string>>,
    name?: string,
  ): Strategy;
}
