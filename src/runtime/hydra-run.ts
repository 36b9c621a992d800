import { type Clock, LiveClock, ScaledClock } from "../core/clock.js";
import { HydraError } from "../core/errors.js";
import { toIsoUtc } from "../core/time.js";
import { BarAggregator } from "../data/bar-aggregator.js";
import { SyntheticMarket } from "../data/synthetic/index.js";
import type { Engine } from "../hydra/engine.js";
import { EngineDesk } from "../hydra/mother/engine-desk.js";
import type { HydraJournal, ScoreRow } from "../hydra/mother/hydra-journal.js";
import { MarketHistory } from "../hydra/mother/market-history.js";
import { type HydraMode, MotherAi } from "../hydra/mother/mother-ai.js";
import { PROMPT_V1 } from "../hydra/mother/prompt-template.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import { computeStats } from "../portfolio/stats.js";

export interface HydraRunConfig {
  engines: readonly Engine[];
  assets: readonly string[];
  mode: HydraMode;
  /** market time between cycles */
  cycleMs: number;
  cash: number;
  seed: number;
  speed: number;
  durationMs: number;
  timeoutMs: number;
  journal?: HydraJournal;
  wallClock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  log: (line: string) => void;
  stopSignal?: Promise<void>;
}

/** USE_INDEPENDENT_TRADING / USE_TURBO_BATCH → the mode (SPEC §1); turbo batch is not built yet. */
export function hydraMode(env: Readonly<Record<string, string | undefined>>): HydraMode {
  const flag = (name: string, dflt: boolean): boolean => {
    const v = env[name]?.trim().toLowerCase();
    if (v === undefined || v === "") return dflt;
    if (["true", "1", "yes"].includes(v)) return true;
    if (["false", "0", "no"].includes(v)) return false;
    throw new HydraError("CONFIG_INVALID", `${name} must be true or false, got "${env[name]}"`, {
      field: name,
    });
  };
  if (flag("USE_TURBO_BATCH", false))
    throw new HydraError(
      "CONFIG_INVALID",
      "USE_TURBO_BATCH: the turbo-batch mode is not built yet; use independent or consensus",
      { field: "USE_TURBO_BATCH" },
    );
  return flag("USE_INDEPENDENT_TRADING", true) ? "independent" : "consensus";
}

/** Ranks by realised P&L with the 40/30/20/10 weights, beside what makes a ranking trustworthy. */
export function scoreRows(
  engines: readonly Engine[],
  desks: ReadonlyMap<string, EngineDesk>,
  costs: ReadonlyMap<string, number>,
): ScoreRow[] {
  const WEIGHTS = [0.4, 0.3, 0.2, 0.1];
  const rows = engines.map((e) => {
    const desk = desks.get(e.id) ?? desks.get("consensus")!;
    const l = desk.ledger;
    const trades = desk.trades.filter((t) => desks.has(e.id) || t.source === "consensus");
    const stats = computeStats(trades, l.days, l.initialBalance, l.equity, l.maxDrawdown, l.maxDrawdownPct);
    const realized = Number(trades.reduce((x, t) => x + t.netPnl, 0).toFixed(2));
    const cost = costs.get(e.id) ?? 0;
    return {
      engineId: e.id,
      label: e.label,
      rank: 0,
      weight: 0,
      totalPoints: 0,
      realizedPnl: realized,
      trades: stats.trades,
      wins: stats.wins,
      sharpe: stats.sharpe,
      maxDrawdownPct: stats.maxDrawdownPct,
      llmCostUsd: Number(cost.toFixed(4)),
      netOfCost: Number((realized - cost).toFixed(2)),
    };
  });
  rows.sort(
    (a, b) => b.realizedPnl - a.realizedPnl || a.trades - b.trades || a.engineId.localeCompare(b.engineId),
  );
  rows.forEach((r, i) => {
    r.rank = i + 1;
    r.weight = WEIGHTS[i] ?? 0;
    r.totalPoints = Math.round(r.weight * 100);
  });
  return rows;
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
  const desks = new Map(
    ids.map((id) => [
      id,
      new EngineDesk(id, instruments, config.cash, clock, (t) => {
        config.journal?.recordTrade(id, t, config.cash);
        config.log(
          `${toIsoUtc(t.closeTime)} ${id} closed ${t.side === "buy" ? "long" : "short"} ${t.symbol}: ${t.netPnl.toFixed(2)} (${t.exitReason})`,
        );
      }),
    ]),
  );
  let scores: ScoreRow[] = scoreRows(config.engines, desks, costs);
  const mother = new MotherAi({
    engines: config.engines,
    desks,
    markets: histories,
    template: PROMPT_V1,
    mode: config.mode,
    timeoutMs: config.timeoutMs,
    ...(config.journal === undefined ? {} : { journal: config.journal }),
    weights: () => new Map(scores.map((s) => [s.engineId, s.weight])),
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
  let nextCycle = start + config.cycleMs;
  let cycles = 0;
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
      const report = await mother.cycle();
      cycles++;
      for (const [id, a] of report.answers) costs.set(id, (costs.get(id) ?? 0) + a.usage.costUsd);
      scores = scoreRows(config.engines, desks, costs);
      config.journal?.saveScores(clock.now(), scores);
      const acted = report.records.filter((r) => r.outcome === "sent").length;
      config.log(
        `${toIsoUtc(clock.now())} cycle ${report.cycle}: ${acted} order(s); leaderboard ${scores.map((r) => `#${r.rank} ${r.engineId} ${r.realizedPnl.toFixed(2)}`).join(", ")}`,
      );
    }
    await sleep(50);
  }
  return {
    cycles,
    // the final standings: trades may have closed after the last cycle
    scores: scoreRows(config.engines, desks, costs),
    equity: Object.fromEntries([...desks].map(([id, d]) => [id, Number(d.ledger.equity.toFixed(2))])),
  };
}
