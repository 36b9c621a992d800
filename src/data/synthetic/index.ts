export { type GenerateTicksOptions, generateTicks } from "./generate-ticks.js";
export {
  activitySpreadFactor,
  IntradayPattern,
  MAX_SPREAD_FACTOR,
  type PatternKind,
  REOPEN_WINDOW_MS,
  reopenSpreadFactor,
  SLOT_MS,
} from "./intraday-pattern.js";
export { DEFAULT_MARKET_PROFILES, type MarketProfile, marketProfile } from "./market-profile.js";
export { symbolSeed } from "./run-options.js";
export { resolveSymbol, SyntheticMarket, type SyntheticMarketOptions } from "./synthetic-market.js";
export { TickGenerator } from "./tick-generator.js";
export { type TradingWeek, tradingWeek, WEEKEND_CLOSE_MS, WEEKS_PER_YEAR } from "./trading-week.js";
