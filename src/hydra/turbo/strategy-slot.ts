import type { Fill } from "../../model/fill.js";
import type { Bar } from "../../model/market-data.js";
import type { Order } from "../../model/order.js";
import type { Strategy, StrategyContext, SubmitResult } from "../../strategies/strategy.js";

const MUTED: Pick<StrategyContext, "submit"> = {
  submit: (): SubmitResult => ({ accepted: false, code: "WARMING_UP", reason: "warming up on history" }),
};

/**
 * An engine's place in its desk's kernel for the turbo-batch mode: it subscribes to the bars of every
 * asset and runs whichever candidate strategy won the last turbo tournament, under the engine's name (so
 * positions stay the engine's). A new winner is warmed up on recent bars with its orders muted.
 */
export class StrategySlot implements Strategy {
  readonly subscriptions: Strategy["subscriptions"];
  private inner: Strategy | undefined;

  constructor(
    readonly name: string,
    assets: readonly string[],
  ) {
    this.subscriptions = assets.map((symbol) => ({ symbol, timeframe: "M5" as const }));
  }

  get current(): Strategy | undefined {
    return this.inner;
  }

  /** Installs a strategy, first replaying `warmup` bars to it with every order refused. */
  install(strategy: Strategy, warmup: readonly Bar[], ctx: StrategyContext): void {
    const muted = { ...ctx, ...MUTED };
    for (const bar of warmup)
      if (strategy.subscriptions.some((s) => s.symbol === bar.symbol)) strategy.onBar?.(bar, muted);
    this.inner = strategy;
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const s = this.inner;
    if (s?.subscriptions.some((x) => x.symbol === bar.symbol)) s.onBar?.(bar, ctx);
  }

  onOrderUpdate(order: Readonly<Order>, ctx: StrategyContext): void {
    this.inner?.onOrderUpdate?.(order, ctx);
  }

  onFill(fill: Readonly<Fill>, ctx: StrategyContext): void {
    this.inner?.onFill?.(fill, ctx);
  }
}
