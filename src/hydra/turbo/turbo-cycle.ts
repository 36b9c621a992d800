import type { Clock } from "../../core/clock.js";
import { type BarSeries, Float64Column } from "../../data/series.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import type { Bar } from "../../model/market-data.js";
import type { StrategyContext } from "../../strategies/strategy.js";
import type { Engine, EngineInput } from "../engine.js";
import type { EngineDesk } from "../mother/engine-desk.js";
import type { MarketHistory } from "../mother/market-history.js";
import { PROMPT_V2, sha256 } from "../mother/prompt-template.js";
import { RuleStrategy } from "./rule-strategy.js";
import type { StrategySlot } from "./strategy-slot.js";
import { type BatchEngine, offlineBatchEngine } from "./turbo-engine.js";
import { runTurboTournament, type TurboEntry, type TurboResult } from "./turbo-tournament.js";

/** Recent closed bars as a series for the quick tournament. */
function toSeries(symbol: string, bars: readonly Bar[]): BarSeries {
  const c = Array.from({ length: 7 }, () => new Float64Column(Math.max(16, bars.length)));
  for (const b of bars) {
    const row = [b.time, b.open, b.high, b.low, b.close, b.volume, b.spread];
    for (let i = 0; i < row.length; i++) c[i]!.push(row[i]!);
  }
  const [time, open, high, low, close, volume, spread] = c.map((x) => x.finish()) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  return {
    kind: "bars",
    symbol,
    timeframe: "M5",
    length: bars.length,
    time,
    open,
    high,
    low,
    close,
    volume,
    spread,
  };
}

/**
 * The turbo-batch cycle (USE_TURBO_BATCH): every engine proposes a batch of candidate strategies as
 * structured rules in one call, a quick tournament backtests them all on the recent bars with the
 * kernel, and each engine's desk then trades its best candidate (if it made money in the test).
 * LLM engines propose through their batch prompt; offline engines through a deterministic proposer.
 * Engines never trade the same rules: an engine whose best candidate a better-placed engine already
 * trades takes its next best (see distinctPicks).
 */
export class TurboCycle {
  constructor(
    private readonly engines: readonly Engine[],
    private readonly desks: ReadonlyMap<string, EngineDesk>,
    private readonly slots: ReadonlyMap<string, StrategySlot>,
    private readonly markets: readonly MarketHistory[],
    private readonly instruments: InstrumentTable,
    private readonly cash: number,
    private readonly clock: Clock,
    /** an engine's batch proposer (an LLM's); the deterministic proposer for the others */
    private readonly batchEngines: ReadonlyMap<string, BatchEngine> = new Map(),
  ) {}

  async run(): Promise<string[]> {
    const assets = this.markets.map((m) => m.snapshot());
    const entries: TurboEntry[] = [];
    const lines: string[] = [];
    for (const e of this.engines) {
      const desk = this.desks.get(e.id)!;
      const base = {
        cycle: 0,
        time: this.clock.now(),
        assets,
        portfolio: desk.portfolio(),
        lessons: [],
        competitors: this.engines.map((x) => x.id),
      };
      const prompt = PROMPT_V2.render(base, e.id);
      const input: EngineInput = { ...base, prompt, promptHash: sha256(prompt) };
      const proposer = this.batchEngines.get(e.id) ?? offlineBatchEngine(e.id);
      const batch = await proposer.proposeBatch(input, AbortSignal.timeout(120_000));
      if (!batch.ok) lines.push(`${e.id} proposed no batch (${batch.cause}: ${batch.detail})`);
      if (batch.ok) for (const candidate of batch.candidates) entries.push({ engineId: e.id, candidate });
    }
    const history = new Map(assets.map((a) => [a.symbol, toSeries(a.symbol, a.candles)]));
    const { top: all } = runTurboTournament(entries, history, this.cash, {
      topK: Number.POSITIVE_INFINITY,
      pick: "per-engine",
    });
    const top = distinctPicks(all);
    for (const winner of top) {
      const slot = this.slots.get(winner.engineId);
      const desk = this.desks.get(winner.engineId);
      if (slot === undefined || desk === undefined) continue;
      const strategy = new RuleStrategy(winner.candidate, "M5", winner.engineId);
      const warmup = assets.find((a) => a.symbol === winner.candidate.asset)?.candles ?? [];
      slot.install(strategy, warmup, this.warmupContext(desk));
      lines.push(
        `${winner.engineId} trades ${winner.candidate.name} (${winner.candidate.family} on ${winner.candidate.asset}: test P&L ${winner.netPnl.toFixed(2)}, ${winner.trades} trades)`,
      );
    }
    if (top.length === 0) lines.push("no candidate made money on the recent bars: nothing new traded");
    return lines;
  }

  private warmupContext(desk: EngineDesk): StrategyContext {
    return {
      now: () => this.clock.now(),
      instruments: this.instruments,
      account: desk.ledger,
      submit: () => ({ accepted: false, code: "WARMING_UP", reason: "warming up" }),
      positions: () => [],
      openOrders: () => [],
    };
  }
}

/** What makes two candidates the same strategy: family, asset and parameters (not the name). */
const signature = (r: TurboResult): string =>
  JSON.stringify([r.candidate.family, r.candidate.asset, Object.entries(r.candidate.params).sort()]);

/**
 * One winner per engine, best first, no two alike: engines are served in the order of their best
 * result, each taking its best candidate that no engine served before it trades.
 */
export function distinctPicks(ranked: readonly TurboResult[]): TurboResult[] {
  const taken = new Set<string>();
  const served = new Set<string>();
  const out: TurboResult[] = [];
  for (const r of ranked) {
    if (served.has(r.engineId) || taken.has(signature(r))) continue;
    served.add(r.engineId);
    taken.add(signature(r));
    out.push(r);
  }
  return out;
}
