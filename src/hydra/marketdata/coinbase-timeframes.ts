import type { Timeframe } from "../../model/market-data.js";

/** HYDRA timeframes Coinbase serves, as ccxt names them (Coinbase has no 4 h candles). */
export const COINBASE_TIMEFRAMES: Readonly<Partial<Record<Timeframe, string>>> = {
  M1: "1m",
  M5: "5m",
  M15: "15m",
  M30: "30m",
  H1: "1h",
  D1: "1d",
};

/** Coinbase returns at most 300 candles a request. */
export const COINBASE_MAX_CANDLES = 300;
