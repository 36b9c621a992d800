import { HydraError } from "../../core/errors.js";
import type { Timeframe } from "../../model/market-data.js";
import { GOLD_EURUSD_BOTS } from "../../strategies/ftmo/bots-gold-eurusd.js";
import { INDEX_SCALPER_BOTS } from "../../strategies/ftmo/bots-index-scalper.js";
import type { VolatilityRegime } from "../../strategies/metalearning/volatility-regime.js";
import type { FtmoBot } from "./ftmo-runner.js";

/** Which bot trades which symbol, and the volatility regimes in which it stands aside (SPEC §2). */
const FTMO_BOT_PLAN: ReadonlyArray<{
  bot: string;
  symbol: string;
  timeframe: Timeframe;
  avoid: readonly VolatilityRegime[];
}> = [
  { bot: "gold-london-reversal", symbol: "XAUUSD", timeframe: "M1", avoid: ["high"] },
  { bot: "eurusd-breakout", symbol: "EURUSD", timeframe: "M1", avoid: ["low"] },
  { bot: "us30-orb", symbol: "US30", timeframe: "M1", avoid: [] },
  { bot: "nas100-gap", symbol: "NAS100", timeframe: "M1", avoid: ["high"] },
  { bot: "gold-ny-reversion", symbol: "XAUUSD", timeframe: "M1", avoid: ["high"] },
  // "several" symbols (SPEC §2): one instance each, named "hf-scalper:SYMBOL", all sized at the scalper's 1 %
  { bot: "hf-scalper", symbol: "XAUUSD", timeframe: "M1", avoid: ["low"] },
  { bot: "hf-scalper", symbol: "EURUSD", timeframe: "M1", avoid: ["low"] },
  { bot: "hf-scalper", symbol: "US30", timeframe: "M1", avoid: ["low"] },
  { bot: "hf-scalper", symbol: "NAS100", timeframe: "M1", avoid: ["low"] },
];

/** The symbols the plan trades a bot on (none for a strategy that is not a bot). */
export function ftmoBotSymbols(bot: string): string[] {
  return FTMO_BOT_PLAN.filter((p) => p.bot === bot).map((p) => p.symbol);
}

const FTMO_BOT_DEFINITIONS = [...GOLD_EURUSD_BOTS, ...INDEX_SCALPER_BOTS];

/** The bots of the plan, optionally only those named. */
export function ftmoBots(only?: readonly string[]): FtmoBot[] {
  const plan = only === undefined ? FTMO_BOT_PLAN : FTMO_BOT_PLAN.filter((p) => only.includes(p.bot));
  if (only !== undefined) {
    const unknown = only.filter((n) => !FTMO_BOT_PLAN.some((p) => p.bot === n));
    if (unknown.length > 0)
      throw new HydraError(
        "CLI_USAGE",
        `unknown bot ${unknown.join(", ")} (bots: ${FTMO_BOT_PLAN.map((p) => p.bot).join(", ")})`,
        { field: "--bots" },
      );
  }
  return plan.map((p) => {
    const def = FTMO_BOT_DEFINITIONS.find((d) => d.name === p.bot);
    if (def === undefined)
      throw new HydraError("STRATEGY_UNKNOWN", `bot ${p.bot} has no definition`, { strategy: p.bot });
    const several = plan.filter((q) => q.bot === p.bot).length > 1;
    const name = several ? `${p.bot}:${p.symbol}` : p.bot;
    return { strategy: def.create(p.symbol, p.timeframe, {}, name), avoid: p.avoid };
  });
}
