import type { Timeframe } from "../../model/market-data.js";
import { strategyDefinition, strategyNames } from "../../strategies/registry.js";
import { ftmoBotSymbols } from "../ftmo/ftmo-bot-plan.js";
import { loadMarket, type MarketSource } from "../load-market.js";
import { asBars } from "./bar-series.js";
import type { CheckTarget } from "./check-target.js";

export interface TargetChoice {
  /** strategy names; every built-in strategy and bot when absent */
  strategies?: readonly string[];
  /** the data (a file, or the synthetic market's seed and length); its symbol when a file */
  source: Omit<MarketSource, "symbol">;
  /** trade this symbol only (default: each bot's symbols in the FTMO plan, XAUUSD for the others) */
  symbol?: string;
  timeframe: Timeframe;
  params?: Readonly<Record<string, string>>;
}

/**
 * What `hydra check` runs: each strategy on each of its symbols (the FTMO bots on those of the FTMO plan,
 * the hf-scalper on four) over the given data as bars of the timeframe. A data file names its symbol.
 */
export function checkTargets(choice: TargetChoice): CheckTarget[] {
  const names = choice.strategies ?? strategyNames();
  const markets = new Map<string, ReturnType<typeof loadMarket>>();
  const market = (symbol: string | undefined) => {
    const key = symbol ?? "";
    let m = markets.get(key);
    if (m === undefined) {
      m = loadMarket({ ...choice.source, ...(symbol === undefined ? {} : { symbol }) });
      markets.set(key, m);
    }
    return m;
  };
  const targets: CheckTarget[] = [];
  for (const name of names) {
    const definition = strategyDefinition(name);
    const symbols =
      choice.symbol !== undefined
        ? [choice.symbol]
        : choice.source.data !== undefined
          ? [undefined]
          : ftmoBotSymbols(name).length > 0
            ? ftmoBotSymbols(name)
            : ["XAUUSD"];
    for (const symbol of symbols) {
      const m = market(symbol);
      const bars = asBars(m.series, choice.timeframe);
      targets.push({
        label: `${name} on ${m.spec.symbol} ${bars.timeframe}`,
        bars,
        spec: m.spec,
        strategy: () => definition.create(m.spec.symbol, bars.timeframe, choice.params ?? {}),
      });
    }
  }
  return targets;
}
