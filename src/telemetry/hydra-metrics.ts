import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { MetricsSource } from "./metrics-server.js";

/**
 * The HYDRA side's Prometheus metrics (the LLM tournament) on a registry of their own (no default
 * process metrics: they fail `promtool check metrics`), behind typed update methods so no caller spells
 * a metric name. Labels are bounded: engine ids, asset symbols, outcome and cause codes.
 */
export type BreakerStateValue = "closed" | "half-open" | "open";

const BREAKER_VALUE: Readonly<Record<BreakerStateValue, number>> = { closed: 0, "half-open": 1, open: 2 };

/** What a decision became, as a bounded label: `denied:CODE` is `denied`, a consensus `vote:X` is `X`. */
export function decisionOutcome(outcome: string): string {
  const bare = outcome.startsWith("vote:") ? outcome.slice(5) : outcome;
  const head = bare.split(":")[0] ?? bare;
  return ["sent", "denied", "stale", "hold", "no-decision"].includes(head) ? head : "other";
}

export const HYDRA_METRIC_NAMES = [
  "hydra_engine_equity_dollars",
  "hydra_engine_realized_pnl_dollars",
  "hydra_engine_daily_loss_room_ratio",
  "hydra_decisions_total",
  "hydra_llm_tokens_total",
  "hydra_llm_cost_dollars_total",
  "hydra_llm_latency_seconds",
  "hydra_llm_budget_remaining_ratio",
  "hydra_engine_breaker_state",
  "hydra_cycle_duration_seconds",
  "hydra_cycles_total",
  "hydra_feed_age_seconds",
  "hydra_tournament_weight",
  "hydra_kill_switch_active",
] as const;

export class HydraMetrics implements MetricsSource {
  readonly registry = new Registry();
  private readonly equity: Gauge<"engine">;
  private readonly realized: Gauge<"engine">;
  private readonly lossRoom: Gauge<"engine">;
  private readonly decisions: Counter<"engine" | "outcome" | "cause">;
  private readonly tokens: Counter<"engine" | "kind">;
  private readonly cost: Counter<"engine">;
  private readonly latency: Histogram<"engine">;
  private readonly budget: Gauge<"engine">;
  private readonly breaker: Gauge<"engine">;
  private readonly cycleDuration: Histogram;
  private readonly cycles: Counter;
  private readonly feedAge: Gauge<"asset">;
  private readonly weight: Gauge<"engine">;
  private readonly killSwitch: Gauge;
  /** runs before each scrape: figures as they are at that instant */
  beforeScrape: (() => void) | undefined;

  constructor(engines: readonly string[], assets: readonly string[]) {
    const registers = [this.registry];
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Gauge<L>({ name, help, labelNames, registers });
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers });
    this.equity = gauge("hydra_engine_equity_dollars", "Equity of an engine's paper portfolio", ["engine"]);
    this.realized = gauge("hydra_engine_realized_pnl_dollars", "Realised P&L of an engine's closed trades", [
      "engine",
    ]);
    this.lossRoom = gauge(
      "hydra_engine_daily_loss_room_ratio",
      "Share of the guardian's daily loss allowance an engine's desk has left (1 untouched, 0 at the floor)",
      ["engine"],
    );
    this.decisions = counter("hydra_decisions_total", "Engine decisions by outcome and no-decision cause", [
      "engine",
      "outcome",
      "cause",
    ]);
    this.tokens = counter("hydra_llm_tokens_total", "LLM tokens billed, by kind (input, output)", [
      "engine",
      "kind",
    ]);
    this.cost = counter("hydra_llm_cost_dollars_total", "LLM cost in USD", ["engine"]);
    this.latency = new Histogram({
      name: "hydra_llm_latency_seconds",
      help: "Time an engine took to answer (calls made, failed ones included)",
      labelNames: ["engine"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.budget = gauge(
      "hydra_llm_budget_remaining_ratio",
      "Share of today's tighter LLM budget (tokens or USD) left; 1 for an engine without a budget",
      ["engine"],
    );
    this.breaker = gauge("hydra_engine_breaker_state", "Circuit breaker: 0 closed, 1 half-open, 2 open", [
      "engine",
    ]);
    this.cycleDuration = new Histogram({
      name: "hydra_cycle_duration_seconds",
      help: "Wall time of a Mother AI cycle",
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60],
      registers,
    });
    this.cycles = counter("hydra_cycles_total", "Mother AI cycles run by this process");
    this.feedAge = gauge("hydra_feed_age_seconds", "Wall seconds since the last price of an asset", [
      "asset",
    ]);
    this.weight = gauge("hydra_tournament_weight", "Rank weight of an engine in the tournament (0..1)", [
      "engine",
    ]);
    this.killSwitch = gauge("hydra_kill_switch_active", "1 when the kill switch is engaged");
    // series that exist from the start, so that a rate or a panel has data before the first event
    for (const engine of engines) {
      for (const outcome of ["sent", "denied", "stale", "hold"])
        this.decisions.inc({ engine, outcome, cause: "none" }, 0);
      for (const cause of ["invalid", "timeout", "error", "budget", "cutoff", "paused", "stale-data"])
        this.decisions.inc({ engine, outcome: "no-decision", cause }, 0);
      for (const kind of ["input", "output"]) this.tokens.inc({ engine, kind }, 0);
      this.cost.inc({ engine }, 0);
      this.budget.set({ engine }, 1);
      this.breaker.set({ engine }, 0);
    }
    for (const asset of assets) this.feedAge.set({ asset }, 0);
    this.killSwitch.set(0);
  }

  /** One engine's answer in a cycle: its outcome, and — when a call was made — tokens, cost and latency. */
  decision(d: {
    engine: string;
    outcome: string;
    cause: string | null;
    called: boolean;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    latencySeconds: number;
  }): void {
    const engine = d.engine;
    this.decisions.inc({ engine, outcome: decisionOutcome(d.outcome), cause: d.cause ?? "none" });
    this.tokens.inc({ engine, kind: "input" }, d.inputTokens);
    this.tokens.inc({ engine, kind: "output" }, d.outputTokens);
    this.cost.inc({ engine }, d.costUsd);
    if (d.called) this.latency.observe({ engine }, d.latencySeconds);
  }
  cycleDone(seconds: number): void {
    this.cycles.inc();
    this.cycleDuration.observe(seconds);
  }
  setEngine(
    engine: string,
    e: { equity: number; realizedPnl: number; weight: number; dailyLossRoom?: number | undefined },
  ): void {
    this.equity.set({ engine }, e.equity);
    this.realized.set({ engine }, e.realizedPnl);
    this.weight.set({ engine }, e.weight);
    if (e.dailyLossRoom !== undefined) this.lossRoom.set({ engine }, e.dailyLossRoom);
  }
  setBudgetRemaining(engine: string, ratio: number): void {
    this.budget.set({ engine }, ratio);
  }
  setBreaker(engine: string, state: BreakerStateValue): void {
    this.breaker.set({ engine }, BREAKER_VALUE[state]);
  }
  setFeedAge(asset: string, seconds: number): void {
    this.feedAge.set({ asset }, seconds);
  }
  setKillSwitch(active: boolean): void {
    this.killSwitch.set(active ? 1 : 0);
  }

  text(): Promise<string> {
    this.beforeScrape?.();
    return this.registry.metrics();
  }
}
