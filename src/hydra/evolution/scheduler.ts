import type { Clock } from "../../core/clock.js";
import { type EngineResult, rankEngines } from "../tournament/rank.js";
import { breed, type Strategy, type StrategyStats } from "./strategy.js";

export type EvolutionCycle = "elimination" | "kill" | "breeding" | "weights";

export interface EvolutionEvent {
  cycle: EvolutionCycle;
  time: number;
  action: "eliminated" | "killed" | "bred" | "weighted" | "skipped";
  /** null for a skipped cycle */
  strategyId: string | null;
  reason: string;
}

export interface EvolutionConfig {
  intervalMs: Record<EvolutionCycle, number>;
  /** strategies with fewer closed trades are not judged by the elimination (SPEC: 3) */
  eliminationMinTrades: number;
  /** closed trades before a strategy can be killed (SPEC: 5) */
  killMinTrades: number;
  breeding: { minTrades: number; minWinRate: number; minSharpe: number };
  /** elimination never leaves fewer active strategies than this (default 2), so that two can still breed */
  minActive: number;
  /** each cycle's first run comes this long after its interval (default: kill 12 h after elimination) */
  phaseMs: Partial<Record<EvolutionCycle, number>>;
}

/** What survives a restart: the strategies, the killed ones, each cycle's last run and the weights. */
export interface EvolutionState {
  live: Strategy[];
  dead: Strategy[];
  lastRun: Record<EvolutionCycle, number>;
  weights: Array<[string, number]>;
}

const HOUR = 3_600_000;

const DEFAULT_EVOLUTION: EvolutionConfig = {
  intervalMs: { elimination: 24 * HOUR, kill: 24 * HOUR, breeding: 96 * HOUR, weights: 24 * HOUR },
  eliminationMinTrades: 3,
  killMinTrades: 5,
  breeding: { minTrades: 100, minWinRate: 0.6, minSharpe: 1.5 },
  minActive: 2,
  phaseMs: { kill: 12 * HOUR },
};

/** Cycles run in this order when several are due at once (weights last, after removals and births). */
const ORDER: readonly EvolutionCycle[] = ["elimination", "kill", "breeding", "weights"];

/**
 * SPEC §1 evolution on an injected clock. Each cycle is due once its interval has passed since it last
 * ran (or since construction); `run` runs every due cycle once (missed intervals do not pile up) and
 * returns the events for the caller to record.
 * - elimination (every 24 h): among active strategies with ≥ 3 closed trades (at least two of them), the
 *   lowest-ranked (tournament order: P&L, then fewer trades) is deactivated; skipped when all are tied or
 *   when only `minActive` (2) strategies are active — a tournament always keeps two that can breed.
 * - kill (every 24 h, 12 h after the elimination): among eliminated strategies with ≥ 5 closed trades,
 *   the lowest-ranked is removed for good. An active strategy is never killed, so elimination and kill
 *   never fire at the same instant on the same population.
 * - breeding (4 days): active parents with ≥ 100 trades, ≥ 60% wins and Sharpe ≥ 1.5; the best-ranked
 *   pair of the same kind that has not bred before gets one offspring (see {@link breed}).
 * - weights (24 h): tournament rank weights over the active strategies, one event each.
 */
export class EvolutionScheduler {
  private readonly clock: Clock;
  private readonly config: EvolutionConfig;
  private live: Strategy[];
  private readonly dead: Strategy[] = [];
  private readonly lastRun: Record<EvolutionCycle, number>;
  private weightsById = new Map<string, number>();

  constructor(clock: Clock, strategies: readonly Strategy[], config: Partial<EvolutionConfig> = {}) {
    this.clock = clock;
    this.config = { ...DEFAULT_EVOLUTION, ...config };
    this.live = strategies.map((s) => ({ ...s }));
    const t = clock.now();
    const ph = this.config.phaseMs;
    this.lastRun = {
      elimination: t + (ph.elimination ?? 0),
      kill: t + (ph.kill ?? 0),
      breeding: t + (ph.breeding ?? 0),
      weights: t + (ph.weights ?? 0),
    };
  }

  /** The scheduler's state, for a restart to continue from. */
  snapshot(): EvolutionState {
    return {
      live: this.live.map((s) => ({ ...s })),
      dead: this.dead.map((s) => ({ ...s })),
      lastRun: { ...this.lastRun },
      weights: [...this.weightsById],
    };
  }

  /** Continues from a snapshot (strategies, kills, cycle times, weights). */
  restore(state: EvolutionState): void {
    this.live = state.live.map((s) => ({ ...s }));
    this.dead.splice(0, this.dead.length, ...state.dead.map((s) => ({ ...s })));
    Object.assign(this.lastRun, state.lastRun);
    this.weightsById = new Map(state.weights);
  }

  /** Live strategies (active and eliminated), oldest first. */
  strategies(): readonly Strategy[] {
    return this.live;
  }

  active(): readonly Strategy[] {
    return this.live.filter((s) => s.active);
  }

  /** Strategies removed by the kill cycle. */
  killed(): readonly Strategy[] {
    return this.dead;
  }

  /** Rank weights from the last weight cycle (empty before it first ran). */
  weights(): ReadonlyMap<string, number> {
    return this.weightsById;
  }

  add(strategy: Strategy): void {
    this.live.push({ ...strategy });
  }

  due(): EvolutionCycle[] {
    const now = this.clock.now();
    return ORDER.filter((c) => now - this.lastRun[c] >= this.config.intervalMs[c]);
  }

  run(stats: readonly StrategyStats[]): EvolutionEvent[] {
    const byId = new Map(stats.map((s) => [s.strategyId, s]));
    const now = this.clock.now();
    const events: EvolutionEvent[] = [];
    for (const cycle of this.due()) {
      this.lastRun[cycle] = now;
      const ev = this.runCycle(cycle, byId, now);
      events.push(...ev);
    }
    return events;
  }

  private runCycle(cycle: EvolutionCycle, stats: Map<string, StrategyStats>, now: number): EvolutionEvent[] {
    switch (cycle) {
      case "elimination":
        return [this.eliminate(stats, now)];
      case "kill":
        return [this.kill(stats, now)];
      case "breeding":
        return [this.breed(stats, now)];
      case "weights":
        return this.reweight(stats, now);
    }
  }

  private ranked(strategies: readonly Strategy[], stats: Map<string, StrategyStats>) {
    return rankEngines(strategies.map((s) => toResult(s, stats.get(s.id))));
  }

  private eliminate(stats: Map<string, StrategyStats>, now: number): EvolutionEvent {
    const min = this.config.eliminationMinTrades;
    const floor = this.config.minActive;
    if (this.active().length <= floor)
      return {
        cycle: "elimination",
        time: now,
        action: "skipped",
        strategyId: null,
        reason: `${this.active().length} active; the tournament keeps at least ${floor}`,
      };
    const judged = this.active().filter((s) => (stats.get(s.id)?.trades ?? 0) >= min);
    const skip = (reason: string): EvolutionEvent => ({
      cycle: "elimination",
      time: now,
      action: "skipped",
      strategyId: null,
      reason,
    });
    if (judged.length < 2)
      return skip(
        `${judged.length} active strateg${judged.length === 1 ? "y has" : "ies have"} ≥ ${min} trades; need 2`,
      );
    const ranked = this.ranked(judged, stats);
    const worst = ranked.at(-1)!;
    if (worst.rank === 1) return skip(`all ${judged.length} judged strategies are tied`);
    this.live.find((s) => s.id === worst.engineId)!.active = false;
    return {
      cycle: "elimination",
      time: now,
      action: "eliminated",
      strategyId: worst.engineId,
      reason: `ranked last of ${judged.length} with ≥ ${min} trades (P&L ${worst.realizedPnl.toFixed(2)}, ${worst.trades} trades)`,
    };
  }

  private kill(stats: Map<string, StrategyStats>, now: number): EvolutionEvent {
    const min = this.config.killMinTrades;
    const eligible = this.live.filter((s) => !s.active && (stats.get(s.id)?.trades ?? 0) >= min);
    const skip = (reason: string): EvolutionEvent => ({
      cycle: "kill",
      time: now,
      action: "skipped",
      strategyId: null,
      reason,
    });
    if (eligible.length === 0) return skip(`no eliminated strategy has ≥ ${min} closed trades`);
    const ranked = this.ranked(eligible, stats);
    const worst = ranked.at(-1)!;
    const victim = this.live.find((s) => s.id === worst.engineId)!;
    this.live = this.live.filter((s) => s !== victim);
    this.dead.push({ ...victim, active: false });
    this.weightsById.delete(victim.id);
    return {
      cycle: "kill",
      time: now,
      action: "killed",
      strategyId: victim.id,
      reason: `worst P&L ${worst.realizedPnl.toFixed(2)} of ${eligible.length} eliminated with ≥ ${min} closed trades`,
    };
  }

  private breed(stats: Map<string, StrategyStats>, now: number): EvolutionEvent {
    const b = this.config.breeding;
    const qualified = this.active().filter((s) => {
      const st = stats.get(s.id);
      return (
        !!st &&
        st.trades >= b.minTrades &&
        st.wins / st.trades >= b.minWinRate &&
        (st.sharpe ?? -Infinity) >= b.minSharpe
      );
    });
    const order = this.ranked(qualified, stats).map((r) => qualified.find((s) => s.id === r.engineId)!);
    const bred = new Set([...this.live, ...this.dead].map((s) => pairKey(s.parentIds)));
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const [p, q] = [order[i]!, order[j]!];
        if (p.kind !== q.kind || bred.has(pairKey([p.id, q.id]))) continue;
        const child = breed(p, q, now);
        this.live.push(child);
        return {
          cycle: "breeding",
          time: now,
          action: "bred",
          strategyId: child.id,
          reason: `offspring of ${p.id} and ${q.id}`,
        };
      }
    }
    const reason =
      qualified.length < 2
        ? `${qualified.length} qualified parent(s) (≥ ${b.minTrades} trades, ≥ ${b.minWinRate * 100}% wins, Sharpe ≥ ${b.minSharpe}); need 2`
        : "no new pair of the same kind among the qualified parents";
    return { cycle: "breeding", time: now, action: "skipped", strategyId: null, reason };
  }

  private reweight(stats: Map<string, StrategyStats>, now: number): EvolutionEvent[] {
    const ranked = this.ranked(this.active(), stats);
    this.weightsById = new Map(ranked.map((r) => [r.engineId, r.weight]));
    if (ranked.length === 0)
      return [
        { cycle: "weights", time: now, action: "skipped", strategyId: null, reason: "no active strategy" },
      ];
    return ranked.map((r) => ({
      cycle: "weights",
      time: now,
      action: "weighted",
      strategyId: r.engineId,
      reason: `rank ${r.rank}, weight ${(r.weight * 100).toFixed(1)}%`,
    }));
  }
}

function toResult(s: Strategy, st: StrategyStats | undefined): EngineResult {
  return {
    engineId: s.id,
    label: s.id,
    realizedPnl: st?.realizedPnl ?? 0,
    trades: st?.trades ?? 0,
    wins: st?.wins ?? 0,
    sharpe: st?.sharpe ?? null,
    maxDrawdownPct: 0,
    llmCostUsd: 0,
  };
}

const pairKey = (ids: readonly string[]): string => (ids.length === 2 ? [...ids].sort().join("+") : "");
