import type { Clock } from "../core/clock.js";
import type { Engine } from "../hydra/engine.js";
import { CircuitBreaker } from "../hydra/llm/circuit-breaker.js";
import type { CycleSummary, HydraOrchestrator } from "../hydra/orchestrator/hydra-orchestrator.js";
import type { HydraMetrics } from "../telemetry/hydra-metrics.js";

/** The causes under which no engine was called (no tokens, no latency to observe). */
const NOT_CALLED = new Set(["budget", "cutoff", "paused", "stale-data"]);

export interface HydraMetricsFeedOptions {
  metrics: HydraMetrics;
  hydra: HydraOrchestrator;
  engines: readonly Engine[];
  assets: readonly string[];
  wall: Clock;
  /** share of an engine's daily LLM budget left now; undefined: the engine has no budget (offline) */
  budgetLeft?: (engineId: string, wallMs: number) => number | undefined;
  killSwitch: () => boolean;
}

/**
 * Copies the tournament's state into the HYDRA metrics: each cycle's decisions as they are recorded,
 * and the desks, standings, breakers, budgets and feed freshness at each scrape (telemetry knows only
 * plain numbers).
 */
export class HydraMetricsFeed {
  private readonly lastQuoteWallMs = new Map<string, number>();
  private readonly startedWallMs: number;

  constructor(private readonly o: HydraMetricsFeedOptions) {
    this.startedWallMs = o.wall.now();
    o.metrics.beforeScrape = () => this.now();
  }

  quote(asset: string): void {
    this.lastQuoteWallMs.set(asset, this.o.wall.now());
  }

  cycle(c: CycleSummary, wallSeconds: number): void {
    for (const r of c.records)
      this.o.metrics.decision({
        engine: r.engineId,
        outcome: r.outcome,
        cause: r.cause,
        called: r.cause === null || !NOT_CALLED.has(r.cause),
        inputTokens: r.usage.inputTokens,
        outputTokens: r.usage.outputTokens,
        costUsd: r.usage.costUsd,
        latencySeconds: r.latencyMs / 1000,
      });
    this.o.metrics.cycleDone(wallSeconds);
  }

  /** The figures as they are now (run before each scrape). */
  now(): void {
    const { metrics, hydra, wall } = this.o;
    const equity = hydra.equity();
    const rows = new Map(hydra.standings().map((r) => [r.engineId, r]));
    for (const [id, desk] of hydra.desks) {
      const today = desk.book.ledger.today;
      const floor = desk.book.risk?.guardian?.dailyFloor;
      const room =
        today === undefined || floor === undefined || !Number.isFinite(floor) || today.startBalance <= floor
          ? undefined
          : (desk.book.ledger.equity - floor) / (today.startBalance - floor);
      metrics.setEngine(id, {
        equity: equity[id] ?? desk.book.ledger.equity,
        realizedPnl: rows.get(id)?.realizedPnl ?? 0,
        weight: rows.get(id)?.weight ?? 0,
        dailyLossRoom: room,
      });
    }
    const nowMs = wall.now();
    for (const e of this.o.engines) {
      metrics.setBudgetRemaining(e.id, this.o.budgetLeft?.(e.id, nowMs) ?? 1);
      metrics.setBreaker(e.id, e instanceof CircuitBreaker ? e.state : "closed");
    }
    for (const a of this.o.assets)
      metrics.setFeedAge(a, (nowMs - (this.lastQuoteWallMs.get(a) ?? this.startedWallMs)) / 1000);
    metrics.setKillSwitch(this.o.killSwitch());
  }
}
