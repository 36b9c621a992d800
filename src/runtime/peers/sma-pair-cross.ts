import { CrossOver, type CrossRule } from "../../indicators/cross-over.js";
import { SMA } from "../../indicators/sma.js";
import type { StatsInput } from "../../portfolio/stats-input.js";
import { AllInBroker, FULL_EQUITY, type PeerBars } from "./all-in-broker.js";

export interface SmaPairCrossConfig {
  fast: number;
  slow: number;
  cash: number;
  /** close trades still open at the end (backtesting.py's finalize_trades=True) */
  finalizeTrades: boolean;
  /** backtesting.py's `crossover` is "previous-bar" */
  crossRule: CrossRule;
}

/**
 * backtesting.py's SmaCross example on an {@link AllInBroker}, with HYDRA's SMA and CrossOver: where the
 * fast SMA crosses above the slow one, close any position and buy all-in; where it crosses below, close
 * and sell (short) all-in. The strategy runs from the bar after the slow SMA's first value (backtesting.py
 * starts one bar after the longest warm-up, so a cross has two defined bars to compare).
 */
export function runSmaPairCross(
  bars: PeerBars,
  config: SmaPairCrossConfig,
): { input: StatsInput; broker: AllInBroker } {
  const fast = new SMA(config.fast);
  const slow = new SMA(config.slow);
  const cross = new CrossOver(config.crossRule);
  const broker = new AllInBroker(bars, config.cash);
  const warmupBars = Math.max(fast.minPeriod, slow.minPeriod) - 1;
  const n = bars.time.length;
  for (let i = 0; i < n; i++) {
    const signal = cross.update(fast.update(bars.close[i]!), slow.update(bars.close[i]!));
    if (i < warmupBars + 1) continue;
    broker.next(i);
    if (signal === 0 || Number.isNaN(signal)) continue;
    broker.closePosition();
    broker.order(signal * FULL_EQUITY);
  }
  if (config.finalizeTrades) broker.finalize();
  return {
    input: {
      time: bars.time,
      equity: broker.curve(),
      close: bars.close,
      trades: broker.closed,
      warmupBars,
    },
    broker,
  };
}
