import { EMA } from "../src/indicators/ema.js";
import { RSI } from "../src/indicators/rsi.js";
import { SMA } from "../src/indicators/sma.js";
import type { Bar } from "../src/model/market-data.js";
import type { Strategy, StrategyContext, Subscription } from "../src/strategies/strategy.js";

/** The indicator work both the kernel run and the bare loop do on every M1 bar close. */
export class IndicatorSet {
  readonly fast = new SMA(20);
  readonly slow = new EMA(50);
  readonly rsi = new RSI(14);

  update(close: number): void {
    this.fast.update(close);
    this.slow.update(close);
    this.rsi.update(close);
  }
}

/**
 * A benchmark strategy that trades: long when SMA(20) > EMA(50) and RSI < 70, flat otherwise, with a stop
 * loss and a take profit so the venue has levels to watch on every tick.
 */
export class BenchStrategy implements Strategy {
  readonly name = "bench";
  readonly subscriptions: readonly Subscription[];
  readonly ind = new IndicatorSet();
  constructor(private readonly symbol: string) {
    this.subscriptions = [{ symbol, timeframe: "M1" }];
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    this.ind.update(bar.close);
    const { fast, slow, rsi } = this.ind;
    if (!rsi.ready || !slow.ready) return;
    if (ctx.openOrders(this.symbol).length > 0) return;
    const long = ctx.positions(this.symbol).length > 0;
    const want = fast.value > slow.value && rsi.value < 70;
    if (want && !long) {
      ctx.submit({
        kind: "open",
        symbol: this.symbol,
        side: "buy",
        orderType: "market",
        volume: 0.1,
        sl: bar.close - 5,
        tp: bar.close + 10,
      });
    } else if (!want && long) ctx.submit({ kind: "close", symbol: this.symbol });
  }
}
