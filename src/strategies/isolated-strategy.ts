import type { Fill } from "../model/fill.js";
import type { OrderIntent } from "../model/intent.js";
import type { Bar, Tick } from "../model/market-data.js";
import type { Order } from "../model/order.js";
import type { Strategy, StrategyContext, SubmitResult } from "./strategy.js";

export interface IsolationReport {
  bot: string;
  kind: "error" | "slow" | "disabled" | "stand-aside";
  detail: string;
}

export interface IsolationOptions {
  /** consecutive failures after which the bot is switched off (default 5) */
  maxFailures?: number;
  /** a handler slower than this is reported (default 5 ms) */
  slowMs?: number;
  /** deliver ticks to a bot that handles them (the runner's --turbo), not only bar closes */
  turbo?: boolean;
  /** true when the bot must stand aside (no new entries), e.g. in a volatility regime it avoids */
  standAside?: (bot: string, symbol: string) => boolean;
  /** every signal (open intent) the bot proposes */
  onSignal?: (bot: string, intent: OrderIntent) => void;
  report: (r: IsolationReport) => void;
  /** a monotonic time source in ms for measuring handlers (performance.now) */
  timer?: () => number;
}

/**
 * Runs a bot so that it cannot take the others down: every handler is caught and timed; a failure is
 * reported, and after `maxFailures` in a row the bot is disabled (its open positions keep their stops).
 * JavaScript runs one handler at a time, so a slow bot delays the others: it is reported, and the
 * budget is the operator's to enforce. The wrapper also filters the bot's entries when it must stand aside.
 */
export class IsolatedStrategy implements Strategy {
  readonly name: string;
  readonly subscriptions: Strategy["subscriptions"];
  private failures = 0;
  disabled = false;
  readonly stats = { calls: 0, errors: 0, slow: 0, maxMs: 0 };

  constructor(
    private readonly inner: Strategy,
    private readonly opts: IsolationOptions,
  ) {
    this.name = inner.name;
    const wantsTicks = opts.turbo === true && inner.onTick !== undefined;
    const ticks = wantsTicks
      ? inner.subscriptions
          .filter((s) => s.timeframe !== "tick")
          .map((s) => ({ symbol: s.symbol, timeframe: "tick" as const }))
      : [];
    this.subscriptions = [
      ...inner.subscriptions.filter((s) => s.timeframe !== "tick" || inner.onTick !== undefined),
      ...ticks,
    ];
  }

  onStart(ctx: StrategyContext): void {
    this.guard("onStart", () => this.inner.onStart?.(this.wrap(ctx)));
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    this.guard("onBar", () => this.inner.onBar?.(bar, this.wrap(ctx)));
  }

  onTick(symbol: string, tick: Readonly<Tick>, ctx: StrategyContext): void {
    if (this.inner.onTick !== undefined)
      this.guard("onTick", () => this.inner.onTick?.(symbol, tick, this.wrap(ctx)));
  }

  onOrderUpdate(order: Readonly<Order>, ctx: StrategyContext): void {
    this.guard("onOrderUpdate", () => this.inner.onOrderUpdate?.(order, this.wrap(ctx)));
  }

  onFill(fill: Readonly<Fill>, ctx: StrategyContext): void {
    this.guard("onFill", () => this.inner.onFill?.(fill, this.wrap(ctx)));
  }

  onStop(ctx: StrategyContext): void {
    this.guard("onStop", () => this.inner.onStop?.(this.wrap(ctx)));
  }

  private wrapped: StrategyContext | undefined;

  /** The bot's context: submit goes through the stand-aside filter and the signal counter. */
  private wrap(ctx: StrategyContext): StrategyContext {
    if (this.wrapped !== undefined) return this.wrapped;
    const submit = (intent: OrderIntent): SubmitResult => {
      if (intent.kind === "open") {
        this.opts.onSignal?.(this.name, intent);
        if (this.opts.standAside?.(this.name, intent.symbol)) {
          this.opts.report({
            bot: this.name,
            kind: "stand-aside",
            detail: `${intent.side} ${intent.symbol} not sent: standing aside`,
          });
          return {
            accepted: false,
            code: "STAND_ASIDE",
            reason: "the bot stands aside in this volatility regime",
          };
        }
      }
      return ctx.submit(intent);
    };
    this.wrapped = {
      ...ctx,
      now: ctx.now,
      account: ctx.account,
      submit,
      positions: ctx.positions,
      openOrders: ctx.openOrders,
    };
    return this.wrapped;
  }

  private guard(what: string, f: () => void): void {
    if (this.disabled) return;
    const timer = this.opts.timer ?? (() => performance.now());
    const t0 = timer();
    this.stats.calls++;
    try {
      f();
      this.failures = 0;
    } catch (e) {
      this.failures++;
      this.stats.errors++;
      this.opts.report({
        bot: this.name,
        kind: "error",
        detail: `${what}: ${e instanceof Error ? e.message : String(e)}`,
      });
      if (this.failures >= (this.opts.maxFailures ?? 5)) {
        this.disabled = true;
        this.opts.report({
          bot: this.name,
          kind: "disabled",
          detail: `${this.failures} failures in a row; the bot is off (its positions keep their stops)`,
        });
      }
    }
    const ms = timer() - t0;
    if (ms > this.stats.maxMs) this.stats.maxMs = ms;
    if (ms > (this.opts.slowMs ?? 5)) {
      this.stats.slow++;
      this.opts.report({ bot: this.name, kind: "slow", detail: `${what} took ${ms.toFixed(1)} ms` });
    }
  }
}
