/** Streaming, allocation-free technical indicators matching backtrader's definitions. */
export { ATR } from "./atr.js";
export { BollingerBands } from "./bollinger.js";
export { CrossOver } from "./cross-over.js";
export { EMA, SMMA } from "./ema.js";
export { MACD } from "./macd.js";
export { RSI } from "./rsi.js";
export { SMA } from "./sma.js";
export { Stochastic } from "./stochastic.js";
export { RollingExtreme } from "./window.js";
export { WMA } from "./wma.js";
