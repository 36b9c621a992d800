import { CrossOver } from "../indicators/cross-over.js";
import { SMA } from "../indicators/sma.js";
import type { Bar, Timeframe } from "../model/market-data.js";
import type { Strategy, StrategyContext, Subscription } from "./strategy.js";
import type { ParamSchema, ParamValues } from "./strategy-params.js";

export const SMA_CROSS_PARAMS: ParamSchema = {
  period: { type: "integer", default: 15, min: 1, description: "SMA length in bars" },
  volume: {
    type: "number",
    default: 1,
    min: 0,
    description: "lots bought on a cross up (0: sized by the risk layer)",
  },
  stopPct: { type: "number", default: 0, min: 0, description: "stop loss this % below the close (0: none)" },
  trailPct: {
    type: "number",
    default: 0,
    min: 0,
    description: "trail the stop this % below each close, only ever up (0: the stop stays where it was set)",
  },
};

/**
 * The example strategy: the close crossing its SMA. Flat and a cross up → buy `volume`; long and a cross
 * down → close. An exactly-equal close keeps the previous side. At most one order pending at a time.
 * With `trailPct` a long's stop follows the closes up (a modify intent; at a broker, MODIFY), never down.
 * (backtrader's test strategy, which HYDRA reproduces to the cent.)
 */
export class SmaCross implements Strategy {
  readonly name: string;
  readonly subscriptions: readonly Subscription[];
  private readonly sma: SMA;
  private readonly cross = new CrossOver();
  private readonly volume: number;
  private readonly stopPct: number;
  private readonly trailPct: number;
  private readonly symbol: string;

  constructor(symbol: string, timeframe: Timeframe, params: ParamValues, name = "sma-cross") {
    this.name = name;
    this.symbol = symbol;
    this.subscriptions = [{ symbol, timeframe }];
    this.sma = new SMA(params.period as number);
    this.volume = params.volume as number;
    this.stopPct = params.stopPct as number;
    this.trailPct = (params.trailPct as number | undefined) ?? 0;
  }

  indicators(): Readonly<Record<string, number>> {
    return { sma: this.sma.value };
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const mean = this.sma.update(bar.close);
    const signal = this.cross.update(bar.close, mean);
    if (this.trailPct > 0) this.trail(bar, ctx);
    if (signal === 0 || ctx.openOrders(this.symbol).length > 0) return;
    const long = ctx.positions(this.symbol).length > 0;
    if (!long && signal > 0) {
      ctx.submit({
        kind: "open",
        symbol: this.symbol,
        side: "buy",
        orderType: "market",
        volume: this.volume,
        ...(this.stopPct > 0 ? { sl: bar.close * (1 - this.stopPct / 100) } : {}),
        tag: "sma-cross",
      });
    } else if (long && signal < 0) ctx.submit({ kind: "close", symbol: this.symbol, tag: "sma-cross" });
  }

  /** Moves each long's stop up to `trailPct` below the close when that is at least a tick higher. */
  private trail(bar: Bar, ctx: StrategyContext): void {
    const tick = ctx.instruments.spec(this.symbol).tickSize;
    const level = bar.close * (1 - this.trailPct / 100);
    for (const p of ctx.positions(this.symbol)) {
      if (p.side !== "buy" || !(level >= (Number.isNaN(p.sl) ? Number.NEGATIVE_INFINITY : p.sl) + tick))
        continue;
      ctx.submit({ kind: "modify", positionId: p.id, sl: level });
    }
  }
}
