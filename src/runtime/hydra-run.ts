import { type Clock, LiveClock, ScaledClock } from "../core/clock.js";
import { HydraError } from "../core/errors.js";
import { toIsoUtc } from "../core/time.js";
import { BarAggregator } from "../data/bar-aggregator.js";
import { SyntheticMarket } from "../data/synthetic/index.js";
import type { Engine } from "../hydra/engine.js";
import { deriveLessons, LessonBook } from "../hydra/evolution/lessons.js";
import { EvolutionScheduler } from "../hydra/evolution/scheduler.js";
import { EngineDesk } from "../hydra/mother/engine-desk.js";
import type { HydraJournal, ScoreRow } from "../hydra/mother/hydra-journal.js";
import { MarketHistory } from "../hydra/mother/market-history.js";
import { type HydraMode, MotherAi } from "../hydra/mother/mother-ai.js";
import { PROMPT_V1 } from "../hydra/mother/prompt-template.js";
import { type EngineResult, rankEngines } from "../hydra/tournament/rank.js";
import { renderTournamentTable, tournamentTable } from "../hydra/tournament/table.js";
import { StrategySlot } from "../hydra/turbo/strategy-slot.js";
import type { BatchEngine } from "../hydra/turbo/turbo-engine.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import { computeStats } from "../portfolio/stats.js";
import { TurboCycle } from "./turbo-cycle.js";

export interface HydraRunConfig {
  engines: readonly Engine[];
  assets: readonly string[];
  mode: HydraMode | "turbo";
  /** market time between cycles */
  cycleMs: number;
  cash: number;
  seed: number;
  speed: number;
  durationMs: number;
  timeoutMs: number;
  journal?: HydraJournal;
  /** turbo batch: the engines that propose through their own (LLM) batch prompt */
  batchEngines?: ReadonlyMap<string, BatchEngine>;
  wallClock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  log: (line: string) => void;
  stopSignal?: Promise<void>;
}

/** USE_INDEPENDENT_TRADING / USE_TURBO_BATCH → the mode (SPEC §1). */
export function hydraMode(env: Readonly<Record<string, string | undefined>>): HydraMode | "turbo" {
  const flag = (name: string, dflt: boolean): boolean => {
    const v = env[name]?.trim().toLowerCase();
    if (v === undefined || v === "") return dflt;
    if (["true", "1", "yes"].includes(v)) return true;
    if (["false", "0", "no"].includes(v)) return false;
    throw new HydraError("CONFIG_INVALID", `${name} must be true or false, got "${env[name]}"`, {
      field: name,
    });
  };
  if (flag("USE_TURBO_BATCH", false)) return "turbo";
  return flag("USE_INDEPENDENT_TRADING", true) ? "independent" : "consensus";
}

/** The tournament's standings (realised P&L, 40/30/20/10) with what makes a ranking trustworthy beside it. */
export function scoreRows(
  engines: readonly Engine[],
  desks: ReadonlyMap<string, EngineDesk>,
  costs: ReadonlyMap<string, number>,
): ScoreRow[] {
  const results: EngineResult[] = engines.map((e) => {
    const desk = desks.get(e.id) ?? desks.get("consensus")!;
    const l = desk.ledger;
    const stats = computeStats(
      desk.trades,
      l.days,
      l.initialBalance,
      l.equity,
      l.maxDrawdown,
      l.maxDrawdownPct,
    );
    return {
      engineId: e.id,
      label: e.label,
      realizedPnl: Number(desk.trades.reduce((x, t) => x + t.netPnl, 0).toFixed(2)),
      trades: stats.trades,
      wins: stats.wins,
      sharpe: stats.sharpe,
      maxDrawdownPct: stats.maxDrawdownPct,
      llmCostUsd: Number((costs.get(e.id) ?? 0).toFixed(4)),
    };
  });
  return rankEngines(results).map((r) => ({
    ...r,
    totalPoints: Math.round(r.weight * 100),
    netOfCost: Number((r.realizedPnl - r.llmCostUsd).toFixed(2)),
  }));
}

/**
 * `hydra run`: the HYDRA engines on the seeded synthetic market (paper), a Mother AI cycle every
 * `cycleMs` of market time, each engine on its own $25,000 desk (or one shared desk in consensus mode),
 * decisions, trades and tournament scores recorded.
 */
export async function runHydra(config: HydraRunConfig) {
  const wall = config.wallClock ?? new LiveClock();
  const start = wall.now();
  const clock = new ScaledClock(wall, start, config.speed, start);
  const instruments = new InstrumentTable(config.assets.map((a) => resolveInstrument(a)));
  // six hours of market before the start warm the engines' indicators up (no cycle runs on them)
  const market = new SyntheticMarket({
    symbols: config.assets,
    seed: config.seed,
    startMs: start - 6 * 3_600_000,
  });
  const histories = config.assets.map((a) => new MarketHistory(a));
  const aggs = config.assets.map((a) => new BarAggregator(a, "M5"));
  const costs = new Map<string, number>();
  const ids = config.mode === "consensus" ? ["consensus"] : config.engines.map((e) => e.id);
  const lessons = new LessonBook(10);
  const evolution = new EvolutionScheduler(
    clock,
    config.engines.map((e) => ({
      id: e.id,
      parentIds: [],
      kind: "engine" as const,
      base: e.id,
      createdAt: start,
      active: true,
    })),
  );
  const active = (id: string): boolean => evolution.active().some((s) => s.id === id);
  // turbo batch: each engine's desk trades whichever candidate won its last turbo tournament
  const slots = new Map(
    config.mode === "turbo" ? config.engines.map((e) => [e.id, new StrategySlot(e.id, config.assets)]) : [],
  );
  const desks = new Map(
    ids.map((id) => [
      id,
      new EngineDesk(
        id,
        instruments,
        config.cash,
        clock,
        (t) => {
          config.journal?.recordTrade(id, t, config.cash);
          // lessons from the engine's closed trades go into its later prompts
          lessons.add(deriveLessons(desks.get(id)?.trades ?? [t], id));
          config.log(
            `${toIsoUtc(t.closeTime)} ${id} closed ${t.side === "buy" ? "long" : "short"} ${t.symbol}: ${t.netPnl.toFixed(2)} (${t.exitReason})`,
          );
        },
        slots.has(id) ? [slots.get(id)!] : [],
      ),
    ]),
  );
  const turbo = new TurboCycle(
    config.engines,
    desks,
    slots,
    histories,
    instruments,
    config.cash,
    clock,
    config.batchEngines,
  );
  let scores: ScoreRow[] = scoreRows(config.engines, desks, costs);
  const mother = new MotherAi({
    engines: config.engines,
    desks,
    markets: histories,
    template: PROMPT_V1,
    mode: config.mode === "turbo" ? "independent" : config.mode,
    timeoutMs: config.timeoutMs,
    ...(config.journal === undefined ? {} : { journal: config.journal }),
    weights: () => new Map(scores.map((s) => [s.engineId, s.weight])),
    lessons: (id) => lessons.texts(id),
    isActive: active,
    now: () => clock.now(),
  });
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let stopped = false;
  void config.stopSignal?.then(() => {
    stopped = true;
  });
  config.log(
    `HYDRA ${config.mode}: ${config.engines.map((e) => e.label).join(", ")} on ${config.assets.join(", ")}, a cycle every ${config.cycleMs / 60_000} min of market time (${config.speed}× real time)`,
  );
  // the buy-and-hold benchmark: each asset's price at the first cycle and at the end
  const firstPrice = new Map<string, number>();
  let nextCycle = start + config.cycleMs;
  let cycles = 0;
  let evolutionEvents = 0;
  market.next();
  while (!stopped && wall.now() - start < config.durationMs) {
    const now = clock.now();
    while (market.time <= now) {
      const s = market.symbolIndex;
      const agg = aggs[s]!;
      if (agg.isDue(market.time)) histories[s]!.onBar(agg.take());
      agg.addTick(market.time, market.bid, market.ask - market.bid);
      histories[s]!.onPrice(market.bid);
      for (const d of desks.values()) d.kernel.onTick(s, market.time, market.bid, market.ask);
      market.next();
    }
    if (now >= nextCycle) {
      nextCycle += config.cycleMs;
      for (const h of histories)
        if (!firstPrice.has(h.symbol) && Number.isFinite(h.price)) firstPrice.set(h.symbol, h.price);
      if (config.mode === "turbo") {
        for (const line of await turbo.run()) config.log(`${toIsoUtc(clock.now())} turbo: ${line}`);
      }
      const report =
        config.mode === "turbo"
          ? { cycle: cycles + 1, answers: new Map(), records: [] }
          : await mother.cycle();
      cycles++;
      for (const [id, a] of report.answers) costs.set(id, (costs.get(id) ?? 0) + a.usage.costUsd);
      scores = scoreRows(config.engines, desks, costs);
      config.journal?.saveScores(clock.now(), scores);
      if (evolution.due().length > 0) {
        const events = evolution.run(
          scores.map((r) => ({
            strategyId: r.engineId,
            realizedPnl: r.realizedPnl,
            trades: r.trades,
            wins: r.wins,
            sharpe: r.sharpe,
          })),
        );
        for (const e of events)
          if (e.action !== "weighted")
            config.log(
              `${toIsoUtc(e.time)} evolution ${e.cycle}: ${e.action}${e.strategyId ? ` ${e.strategyId}` : ""} (${e.reason})`,
            );
        evolutionEvents += events.length;
      }
      const acted = report.records.filter((r) => r.outcome === "sent").length;
      config.log(
        `${toIsoUtc(clock.now())} cycle ${report.cycle}: ${acted} order(s); leaderboard ${scores.map((r) => `#${r.rank} ${r.engineId} ${r.realizedPnl.toFixed(2)}`).join(", ")}`,
      );
    }
    await sleep(50);
  }
  const final = scoreRows(config.engines, desks, costs);
  const table = tournamentTable(final, {
    assets: histories
      .filter((h) => firstPrice.has(h.symbol))
      .map((h) => ({ symbol: h.symbol, firstPrice: firstPrice.get(h.symbol)!, lastPrice: h.price })),
    startingCash: config.cash,
  });
  config.log(`tournament:\n${renderTournamentTable(table)}`);
  return {
    cycles,
    evolutionEvents,
    table,
    active: evolution.active().map((s) => s.id),
    // the final standings: trades may have closed after the last cycle
    scores: final,
    equity: Object.fromEntries([...desks].map(([id, d]) => [id, Number(d.ledger.equity.toFixed(2))])),
  };
}
