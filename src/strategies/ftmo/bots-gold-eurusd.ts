import type { StrategyDefinition } from "../strategy-definition.js";
import { parseParams } from "../strategy-params.js";
import { EURUSD_BREAKOUT, EURUSD_BREAKOUT_PARAMS, EurusdBreakout } from "./eurusd-breakout.js";
import {
  GOLD_LONDON_REVERSAL,
  GOLD_LONDON_REVERSAL_PARAMS,
  GoldLondonReversal,
} from "./gold-london-reversal.js";
import { GOLD_NY_REVERSION, GOLD_NY_REVERSION_PARAMS, GoldNyReversion } from "./gold-ny-reversion.js";

/** Three FTMO bots (SPEC §2): meant for XAUUSD, XAUUSD and EURUSD on M1 or M5 bars. */
export const GOLD_EURUSD_BOTS: readonly StrategyDefinition[] = [
  {
    name: GOLD_LONDON_REVERSAL,
    description: "XAUUSD: fade the Asian session's trend at the London open, stop beyond the session extreme",
    params: GOLD_LONDON_REVERSAL_PARAMS,
    sizedByRisk: true,
    create: (symbol, timeframe, raw, name) =>
      new GoldLondonReversal(
        symbol,
        timeframe,
        parseParams(GOLD_LONDON_REVERSAL, GOLD_LONDON_REVERSAL_PARAMS, raw),
        name,
      ),
  },
  {
    name: GOLD_NY_REVERSION,
    description: "XAUUSD: revert k ATRs (or VWAP stds) stretches to the New York session VWAP, flat by 16:00",
    params: GOLD_NY_REVERSION_PARAMS,
    sizedByRisk: true,
    create: (symbol, timeframe, raw, name) =>
      new GoldNyReversion(
        symbol,
        timeframe,
        parseParams(GOLD_NY_REVERSION, GOLD_NY_REVERSION_PARAMS, raw),
        name,
      ),
  },
  {
    name: EURUSD_BREAKOUT,
    description: "EURUSD: breakout of the previous FX day's high/low (day from 17:00 New York), target in R",
    params: EURUSD_BREAKOUT_PARAMS,
    sizedByRisk: true,
    create: (symbol, timeframe, raw, name) =>
      new EurusdBreakout(symbol, timeframe, parseParams(EURUSD_BREAKOUT, EURUSD_BREAKOUT_PARAMS, raw), name),
  },
];
