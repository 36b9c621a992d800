import type { InstrumentTable } from "../model/instrument-table.js";
import type { OpenIntent, OrderIntent } from "../model/intent.js";
import type { Bar } from "../model/market-data.js";
import type { Ledger } from "../portfolio/ledger.js";
import type { AccountMarks } from "./account-marks.js";
import { Guardian } from "./guardian.js";
import { propFirmProgram } from "./prop-firm/program.js";
import { PropFirmMonitor } from "./prop-firm/prop-firm-monitor.js";
import type { RiskConfig } from "./risk-config.js";
import type { KernelAccess, RiskDecision, RiskGate } from "./risk-gate.js";
import { CorrelationRule } from "./rules/correlation-rule.js";
import { DuplicateOrderRule } from "./rules/duplicate-order-rule.js";
import { FloorBreachRule } from "./rules/floor-breach-rule.js";
import { MarketHoursRule } from "./rules/market-hours-rule.js";
import { MaxPositionsRule } from "./rules/max-positions-rule.js";
import type { PreTradeRule, TradeCheck } from "./rules/pre-trade-rule.js";
import { RateLimitRule } from "./rules/rate-limit-rule.js";
import { RiskSizingRule } from "./rules/risk-sizing-rule.js";
import { StopLossRule } from "./rules/stop-loss-rule.js";
import { TradingStates } from "./trading-state.js";

/** A source's risk per trade: its own setting, else its bot's ("hf-scalper:EURUSD" → "hf-scalper"), else the default. */
export function riskPctOfSource(config: RiskConfig, source: string): number {
  return (
    config.riskPct.bySource[source] ??
    config.riskPct.bySource[source.split(":")[0]!] ??
    config.riskPct.default
  );
}

export interface RiskEngineOptions {
  instruments: InstrumentTable;
  ledger: Ledger;
  config: RiskConfig;
  /** shared with the kill switch and other accounts; a fresh one by default */
  states?: TradingStates;
  /** the account's scope name in the trading states */
  scope?: string;
  /** risk per trade in % by source, when it is not fixed (adaptive sizing); the config's otherwise */
  riskPctOf?: (source: string) => number;
  /**
   * the balance and equity the guardian and the prop-firm program judge: the broker's in live mode
   * (BrokerAccountMarks); the ledger's by default
   */
  account?: AccountMarks;
}

/**
 * The risk layer in one gate: trading states, the pre-trade rules in order (market hours, stop loss,
 * duplicates, rate limits, positions, correlation, sizing, floors), the guardian and the prop-firm
 * program, watched on every tick that can matter. Exits are never blocked: closes and cancels pass in
 * every state; a halt must not trap a position.
 */
export class RiskEngine implements RiskGate {
  readonly states: TradingStates;
  readonly watch = {
    equityFloor: Number.NEGATIVE_INFINITY,
    equityCeil: Number.POSITIVE_INFINITY,
    drawdownLimit: 0,
    wakeAt: Number.NEGATIVE_INFINITY,
  };
  readonly bars: ReadonlyArray<{ symbol: string; timeframe: RiskConfig["correlation"]["timeframe"] }>;
  readonly guardian: Guardian | undefined;
  readonly propFirm: PropFirmMonitor | undefined;
  private readonly rules: PreTradeRule[];
  private readonly correlation: CorrelationRule;
  private readonly scope: string;
  private kernel: KernelAccess | undefined;
  private pendingKill = false;
  private lastLook = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RiskEngineOptions) {
    const { instruments, ledger, config } = options;
    const account = options.account ?? ledger;
    this.states = options.states ?? new TradingStates();
    this.scope = options.scope ?? "account";
    const kill = (): void => {
      if (config.killMode === "close") this.pendingKill = true;
    };
    this.guardian =
      config.guardian === null
        ? undefined
        : new Guardian(
            this.scope,
            config.guardian,
            account === ledger
              ? ledger
              : {
                  get equity() {
                    return account.equity;
                  },
                  get highWaterMark() {
                    return ledger.highWaterMark;
                  },
                  get today() {
                    return ledger.today;
                  },
                },
            this.states,
            kill,
          );
    this.propFirm =
      config.propFirm === null
        ? undefined
        : new PropFirmMonitor(
            propFirmProgram(config.propFirm.program, config.propFirm.phase),
            ledger,
            this.states,
            this.scope,
            kill,
            account,
          );
    this.correlation = new CorrelationRule(instruments, config.correlation.max, config.correlation.window);
    this.bars = instruments.specs.map((s) => ({ symbol: s.symbol, timeframe: config.correlation.timeframe }));
    this.rules = [
      new MarketHoursRule(instruments),
      new StopLossRule(),
      new DuplicateOrderRule(config.duplicateCooldownMs),
      new RateLimitRule(config.rateLimit.perSourcePerMinute, config.rateLimit.perAccountPerMinute),
      new MaxPositionsRule(config.maxPositions),
      this.correlation,
      // per-bot risk follows the bot whatever its instance is called; L1 sizing adapts it when given
      new RiskSizingRule(
        options.riskPctOf ?? ((source) => riskPctOfSource(config, source)),
        config.maxRiskPct,
        config.marginHeadroomPct ?? 0,
      ),
      new FloorBreachRule(() => this.floor()),
    ];
  }

  attach(kernel: KernelAccess): void {
    this.kernel = kernel;
  }

  evaluate(intent: OrderIntent, source: string, now: number): RiskDecision {
    if (intent.kind === "cancel" || intent.kind === "close") return { approved: true, intent };
    const state = this.strictest(source);
    if (state === "HALTED")
      return { approved: false, code: "TRADING_HALTED", reason: `trading is halted (${this.lastReason()})` };
    if (intent.kind === "modify") return { approved: true, intent };
    if (state === "REDUCING")
      return {
        approved: false,
        code: "REDUCING_ONLY",
        reason: `only exits are allowed (${this.lastReason()})`,
      };
    return this.checkOpen(intent, source, now);
  }

  onTick(_sym: number, time: number): void {
    this.judge(time);
  }

  /** A look at the account now (a tick, or the broker's account event in live mode), acting on a breach. */
  judge(time: number): void {
    this.observe(time);
    if (this.pendingKill) {
      this.pendingKill = false;
      this.kernel?.closeAll();
    }
  }

  onBar(bar: Bar): void {
    this.correlation.onBar(this.options.instruments.index(bar.symbol), bar);
  }

  private checkOpen(intent: OpenIntent, source: string, now: number): RiskDecision {
    const { instruments, ledger } = this.options;
    this.observe(now);
    const sym = instruments.index(intent.symbol);
    const dir = intent.side === "buy" ? 1 : -1;
    const entry =
      intent.orderType === "market"
        ? dir > 0
          ? ledger.lastAsk[sym]!
          : ledger.lastBid[sym]!
        : (intent.price ?? Number.NaN);
    if (!Number.isFinite(entry))
      return { approved: false, code: "NO_PRICE", reason: `no price for ${intent.symbol} yet` };
    const check: TradeCheck = {
      intent,
      source,
      now,
      spec: instruments.specs[sym]!,
      sym,
      entry,
      dir,
      volume: intent.volume,
      ledger,
      instruments,
      openOrders: this.kernel?.openOrders() ?? [],
    };
    for (const rule of this.rules) {
      const denial = rule.check(check);
      if (denial !== undefined) return { approved: false, ...denial };
    }
    for (const rule of this.rules) rule.onApproved?.(check);
    return {
      approved: true,
      intent: check.volume === intent.volume ? intent : { ...intent, volume: check.volume },
    };
  }

  /** Lets the guardian and the prop-firm program see the books, then sets the band for the next look. */
  observe(at: number): void {
    // events can carry a time a little before the clock (a bar's open after another symbol's close)
    const time = Math.max(at, this.lastLook);
    this.lastLook = time;
    this.guardian?.observe(time);
    this.propFirm?.observe(time);
    const g = this.guardian;
    const p = this.propFirm?.active ? this.propFirm : undefined;
    const evaluator = p?.evaluator;
    // the kernel compares the ledger's equity with the band: floors in the judged account's terms are
    // shifted by what the broker's figures differ from the ledger's (0 without broker figures)
    const shift = this.shift();
    this.watch.equityFloor =
      Math.max(
        g?.dailyFloor ?? Number.NEGATIVE_INFINITY,
        evaluator?.currentFloor ?? Number.NEGATIVE_INFINITY,
      ) - shift;
    this.watch.equityCeil = (evaluator?.target ?? Number.POSITIVE_INFINITY) - shift;
    this.watch.drawdownLimit = g?.drawdownLimit ?? 0;
    this.watch.wakeAt = Math.min(
      this.options.ledger.nextDayStartMs,
      evaluator?.nextDayStartMs ?? Number.POSITIVE_INFINITY,
    );
  }

  /** judged equity − the ledger's equity */
  private shift(): number {
    const account = this.options.account;
    return account === undefined ? 0 : account.equity - this.options.ledger.equity;
  }

  /** The highest floor in force, in the ledger's terms (the pre-trade rules look at the ledger). */
  private floor(): { floor: number; name: string } {
    const best = this.judgedFloor();
    return { floor: best.floor - this.shift(), name: best.name };
  }

  private judgedFloor(): { floor: number; name: string } {
    let best = { floor: Number.NEGATIVE_INFINITY, name: "none" };
    const p = this.propFirm?.active ? this.propFirm.floor() : undefined;
    if (p !== undefined && p.floor > best.floor) best = p;
    const g = this.guardian;
    if (g !== undefined) {
      if (g.dailyFloor > best.floor) best = { floor: g.dailyFloor, name: "guardian daily-loss" };
      if (g.drawdownFloor > best.floor) best = { floor: g.drawdownFloor, name: "guardian drawdown" };
    }
    return best;
  }

  private strictest(source: string): "ACTIVE" | "REDUCING" | "HALTED" {
    const a = this.states.effective(this.scope);
    const b = this.states.effective(source);
    return a === "HALTED" || b === "HALTED"
      ? "HALTED"
      : a === "REDUCING" || b === "REDUCING"
        ? "REDUCING"
        : "ACTIVE";
  }

  private lastReason(): string {
    return this.states.history.at(-1)?.reason ?? "operator";
  }
}
