import type { Clock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { roundCents } from "../../core/rounding.js";
import { toIsoUtc } from "../../core/time.js";
import { BarAggregator } from "../../data/bar-aggregator.js";
import type { BookFactory } from "../../kernel/book.js";
import { DenialLog } from "../../kernel/denial-log.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import type { Bar } from "../../model/market-data.js";
import type { TradingStates } from "../../risk/trading-state.js";
import type { Engine } from "../engine.js";
import { deriveLessons, LessonBook } from "../evolution/lessons.js";
import { offspringEngine } from "../evolution/offspring-engine.js";
import { type EvolutionConfig, type EvolutionEvent, EvolutionScheduler } from "../evolution/scheduler.js";
import { EngineDesk } from "../mother/engine-desk.js";
import type { DecisionRecord, HydraJournal, ScoreRow } from "../mother/hydra-journal.js";
import { MarketHistory } from "../mother/market-history.js";
import { type HydraMode, MotherAi } from "../mother/mother-ai.js";
import { PROMPT_V2 } from "../mother/prompt-template.js";
import { renderTournamentTable } from "../tournament/render-table.js";
import { type TournamentRow, type TournamentTable, tournamentTable } from "../tournament/table.js";
import type { TableSettings } from "../tournament/table-settings.js";
import { type DeskView, type TournamentLog, TournamentRecord } from "../tournament/tournament-record.js";
import { StrategySlot } from "../turbo/strategy-slot.js";
import { TurboCycle } from "../turbo/turbo-cycle.js";
import type { BatchEngine } from "../turbo/turbo-engine.js";
import type { HydraResume, HydraState } from "./hydra-state.js";
import { type DeskRecord, scoreRows } from "./score-rows.js";

const CONSENSUS_DESK = "consensus";

export interface HydraOrchestratorOptions {
  engines: readonly Engine[];
  mode: HydraMode | "turbo";
  /** each desk's starting cash (a resumed desk starts from its saved balance) */
  cash: number;
  /** the node's factory: every desk's kernel, venue, ledger and risk layer come from it */
  books: BookFactory;
  instruments: InstrumentTable;
  /** the market clock (a test clock in backtests, a scaled live clock in `hydra run`) */
  clock: Clock;
  timeoutMs: number;
  /** the journal; one that keeps asks and marks (TournamentLog) also gives them back to a resumed run */
  journal?: HydraJournal & Partial<TournamentLog>;
  /** what the tournament table claims from how many days (defaults: DEFAULT_TABLE_SETTINGS) */
  table?: Partial<TableSettings>;
  /** turbo batch: the engines that propose through their own (LLM) batch prompt */
  batchEngines?: ReadonlyMap<string, BatchEngine>;
  /** one set for every desk: the kill switch halts them all */
  states?: TradingStates;
  evolution?: Partial<EvolutionConfig>;
  /** a live feed's stale assets now, each with why: the engines are not asked about them */
  staleAssets?: () => ReadonlyMap<string, string>;
  /** continue a tournament a previous run left in the database */
  resume?: HydraResume;
  log: (line: string) => void;
}

export interface CycleSummary {
  cycle: number;
  /** orders sent this cycle (engine decisions and consensus) */
  sent: number;
  records: readonly DecisionRecord[];
  scores: readonly ScoreRow[];
  evolution: readonly EvolutionEvent[];
}

/**
 * The HYDRA program, whatever drives it: one desk per engine (plus the consensus desk in consensus
 * mode), fed ticks (`hydra run`) or bars (`hydra backtest --engines`) on an injected market clock; each
 * `cycle()` runs turbo (in turbo mode), asks the engines through the Mother AI (with their lessons),
 * scores the tournament with the one scoring function, and runs the evolution cycles that are due.
 */
export class HydraOrchestrator {
  readonly desks = new Map<string, EngineDesk>();
  readonly histories: MarketHistory[];
  readonly lessons = new LessonBook(10);
  readonly evolution: EvolutionScheduler;
  readonly denials: DenialLog;
  private readonly aggs: BarAggregator[];
  private readonly costs: Map<string, number>;
  private readonly prior = new Map<string, HydraState["desks"][number]>();
  /** the asks and the desks' daily marks the table reads */
  private readonly record: TournamentRecord;
  private readonly mother: MotherAi;
  private readonly turbo: TurboCycle | undefined;
  private scores: ScoreRow[];
  private cycleCount: number;
  /** the founders and the offspring breeding added (asked, scored and traded like the founders) */
  private readonly engines: Engine[];
  private readonly slots = new Map<string, StrategySlot>();
  lastMarketMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: HydraOrchestratorOptions) {
    const symbols = o.instruments.specs.map((s) => s.symbol);
    this.engines = [...o.engines];
    this.histories = symbols.map((s) => new MarketHistory(s));
    this.aggs = symbols.map((s) => new BarAggregator(s, "M5"));
    this.denials = new DenialLog(o.log, { perSource: false });
    const saved = o.resume?.state;
    this.cycleCount = saved?.cycles ?? 0;
    this.costs = new Map(saved?.costs ?? []);
    if (saved !== undefined) this.lastMarketMs = saved.lastMarketMs;
    this.record = new TournamentRecord(o.journal, saved?.lastMarketMs);
    for (const d of saved?.desks ?? []) this.prior.set(d.id, d);
    this.lessons.add(saved?.lessons ?? []);
    this.evolution = new EvolutionScheduler(
      o.clock,
      o.engines.map((e) => ({
        id: e.id,
        parentIds: [],
        kind: "engine" as const,
        base: e.id,
        createdAt: o.clock.now(),
        active: true,
      })),
      o.evolution,
    );
    if (saved !== undefined) this.evolution.restore(saved.evolution);
    const ids = [...o.engines.map((e) => e.id), ...(o.mode === "consensus" ? [CONSENSUS_DESK] : [])];
    // turbo batch: each engine's desk trades whichever candidate won its last turbo tournament
    if (o.mode === "turbo") for (const e of o.engines) this.slots.set(e.id, new StrategySlot(e.id, symbols));
    for (const id of ids) this.desks.set(id, this.makeDesk(id, this.slots.get(id)));
    // offspring bred before a restart trade again
    for (const s of this.evolution.strategies()) if (s.parentIds.length > 0) this.addOffspring(s.id, s.base);
    this.turbo =
      o.mode === "turbo"
        ? new TurboCycle(
            this.engines,
            this.desks,
            this.slots,
            this.histories,
            o.instruments,
            o.cash,
            o.clock,
            o.batchEngines,
          )
        : undefined;
    this.scores = this.standings();
    this.mother = new MotherAi({
      engines: this.engines,
      desks: this.desks,
      markets: this.histories,
      template: PROMPT_V2,
      mode: o.mode === "turbo" ? "independent" : o.mode,
      timeoutMs: o.timeoutMs,
      ...(o.journal === undefined ? {} : { journal: o.journal }),
      // consensus: votes weigh the rank weight each engine's own (shadow) desk earned
      weights: () => new Map(this.scores.map((s) => [s.engineId, s.weight])),
      lessons: (id) => this.lessons.texts(id),
      isActive: (id) => this.evolution.active().some((s) => s.id === id),
      ...(o.staleAssets === undefined ? {} : { staleAssets: o.staleAssets }),
      now: () => o.clock.now(),
    });
  }

  get cycles(): number {
    return this.cycleCount;
  }

  private makeDesk(id: string, slot: StrategySlot | undefined): EngineDesk {
    const saved = this.prior.get(id);
    const desk: EngineDesk = new EngineDesk({
      engineId: id,
      cash: saved?.balance ?? this.o.cash,
      books: this.o.books,
      prior: this.o.resume?.trades.get(id) ?? [],
      strategies: slot === undefined ? [] : [slot],
      ...(this.o.states === undefined ? {} : { states: this.o.states }),
      onTradeClosed: (t) => {
        this.o.journal?.recordTrade(id, t, saved?.initialCash ?? this.o.cash);
        // lessons from the engine's closed trades go into its later prompts
        this.lessons.add(deriveLessons(desk.trades, id));
        this.o.log(
          `${toIsoUtc(t.closeTime)} (market) ${id} closed ${t.side === "buy" ? "long" : "short"} ${t.symbol}: ${t.netPnl.toFixed(2)} (${t.exitReason})`,
        );
      },
      onDenied: (code, reason) => this.denials.denied(this.o.clock.now(), id, code, reason),
      onRejected: (code, reason) =>
        this.denials.denied(this.o.clock.now(), id, code, reason, "rejected by the venue:"),
    });
    const venue = desk.book.venue;
    for (const p of saved?.positions ?? []) {
      if (venue.restorePosition === undefined)
        throw new HydraError("CONFIG_INVALID", `the ${venue.name} venue cannot hold a restored position`, {
          field: "venue",
        });
      venue.restorePosition(p);
    }
    // a restart continues the desk's day and peak: its daily loss limit and drawdown are not re-based
    if (saved !== undefined)
      desk.ledger.resume({
        ...(saved.days.length === 0 ? {} : { day: saved.days.at(-1)! }),
        highWaterMark:
          saved.highWaterMark ?? Math.max(saved.initialCash, ...saved.days.map((d) => d.maxEquity)),
        maxDrawdown: saved.maxDrawdown,
        maxDrawdownPct: saved.maxDrawdownPct,
      });
    return desk;
  }

  /** A tick (bid/ask) of instrument `sym`: M5 bars for the engines' market view, then every desk. */
  onTick(sym: number, time: number, bid: number, ask: number): void {
    const agg = this.aggs[sym]!;
    if (agg.isDue(time)) this.histories[sym]!.onBar(agg.take());
    agg.addTick(time, bid, ask - bid);
    this.histories[sym]!.onPrice(bid);
    for (const d of this.desks.values()) d.kernel.onTick(sym, time, bid, ask);
    this.lastMarketMs = time;
  }

  /**
   * A run of the market's ticks in time order (tick i is of instrument `syms[i]`): the same as onTick for
   * each, faster. Each desk folds the ticks that change nothing but its marks and open bars; the ticks
   * that do something (a bar or a day ends, a stop, a target or an order is in reach, equity leaves the
   * guardian's band) go to the desks one at a time in market order, desks in their order on the same tick.
   */
  onTicks(syms: Uint16Array, time: Float64Array, bid: Float64Array, ask: Float64Array, n: number): void {
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const sym = syms[i]!;
      const agg = this.aggs[sym]!;
      if (agg.isDue(time[i]!)) this.histories[sym]!.onBar(agg.take());
      agg.addTick(time[i]!, bid[i]!, ask[i]! - bid[i]!);
      this.histories[sym]!.onPrice(bid[i]!);
    }
    const kernels = [...this.desks.values()].map((d) => d.kernel);
    const at = kernels.map((k) => k.foldTicks(syms, time, bid, ask, 0, n));
    for (;;) {
      let d = -1;
      let j = n;
      for (let k = 0; k < at.length; k++)
        if (at[k]! < j) {
          j = at[k]!;
          d = k;
        }
      if (d < 0) break;
      const kernel = kernels[d]!;
      kernel.onTick(syms[j]!, time[j]!, bid[j]!, ask[j]!);
      at[d] = kernel.foldTicks(syms, time, bid, ask, j + 1, n);
    }
    this.lastMarketMs = time[n - 1]!;
  }

  /** A closed bar (bid prices) of instrument `sym`: every desk (intrabar rules), then the market view. */
  onBar(sym: number, bar: Bar): void {
    for (const d of this.desks.values())
      d.kernel.onBar(
        sym,
        bar.time,
        bar.timeframe,
        bar.open,
        bar.high,
        bar.low,
        bar.close,
        bar.volume,
        bar.spread,
      );
    this.histories[sym]!.onBar(bar);
    this.lastMarketMs = bar.endTime;
  }

  /** Warms the market view up without trading (the hours before a run's first cycle). */
  warm(sym: number, time: number, bid: number, ask: number): void {
    const agg = this.aggs[sym]!;
    if (agg.isDue(time)) this.histories[sym]!.onBar(agg.take());
    agg.addTick(time, bid, ask - bid);
    this.histories[sym]!.onPrice(bid);
  }

  async cycle(): Promise<CycleSummary> {
    const now = this.o.clock.now();
    this.record.markStarts(now, this.deskViews(), this.prices());
    if (this.turbo !== undefined)
      for (const line of await this.turbo.run()) this.o.log(`${toIsoUtc(now)} (market) turbo: ${line}`);
    const report = this.turbo === undefined ? undefined : { answers: new Map(), records: [] };
    const r = report ?? (await this.mother.cycle());
    this.cycleCount++;
    this.record.onAnswers(this.cycleCount, now, r.answers);
    this.record.markDays(now, this.deskViews(), this.prices());
    for (const [id, a] of r.answers) this.costs.set(id, (this.costs.get(id) ?? 0) + a.usage.costUsd);
    this.scores = this.standings();
    this.o.journal?.saveScores(now, this.scores);
    const events = this.evolution.due().length > 0 ? this.evolution.run(this.evolutionStats()) : [];
    for (const e of events)
      if (e.action !== "weighted")
        this.o.log(
          `${toIsoUtc(e.time)} (market) evolution ${e.cycle}: ${e.action}${e.strategyId ? ` ${e.strategyId}` : ""} (${e.reason})`,
        );
    for (const e of events)
      if (e.action === "bred" && e.strategyId !== null) {
        const child = this.evolution.strategies().find((x) => x.id === e.strategyId);
        if (child !== undefined) this.addOffspring(child.id, child.base);
      }
    const weighted = events.filter((e) => e.action === "weighted");
    if (weighted.length > 0)
      this.o.log(
        `${toIsoUtc(now)} (market) evolution weights: ${weighted.map((e) => `${e.strategyId} ${e.reason}`).join("; ")}`,
      );
    const sent = r.records.filter((x) => x.outcome === "sent" || x.outcome === "vote:sent").length;
    return { cycle: this.cycleCount, sent, records: r.records, scores: this.scores, evolution: events };
  }

  /** A bred engine strategy joins the tournament with its own desk (unless its base engine is unknown). */
  private addOffspring(id: string, baseId: string): void {
    const base = this.o.engines.find((e) => e.id === baseId);
    if (base === undefined || this.engines.some((e) => e.id === id)) return;
    this.engines.push(offspringEngine(base, id));
    if (this.o.mode === "turbo") {
      const symbols = this.o.instruments.specs.map((s) => s.symbol);
      this.slots.set(id, new StrategySlot(id, symbols));
    }
    this.desks.set(id, this.makeDesk(id, this.slots.get(id)));
  }

  private evolutionStats() {
    return this.scores.map((r) => ({
      strategyId: r.engineId,
      realizedPnl: r.realizedPnl,
      trades: r.trades,
      wins: r.wins,
      sharpe: r.sharpe,
    }));
  }

  /** A desk's whole record: its trades and days of earlier runs with this run's. */
  deskRecord(id: string): DeskRecord {
    const d = this.desks.get(id)!;
    const saved = this.prior.get(id);
    const l = d.ledger;
    return {
      trades: d.trades,
      // the saved last day goes on in the ledger (its first day)
      days: [...(saved?.days ?? []).slice(0, -1), ...l.days],
      initialCash: saved?.initialCash ?? this.o.cash,
      equity: l.equity,
      maxDrawdown: Math.max(saved?.maxDrawdown ?? 0, l.maxDrawdown),
      maxDrawdownPct: Math.max(saved?.maxDrawdownPct ?? 0, l.maxDrawdownPct),
    };
  }

  standings(): ScoreRow[] {
    return scoreRows(this.engines, (id) => this.deskRecord(id), this.costs);
  }

  /** The standings with the asks and the daily marks (earlier runs' included), as `hydra stats leaderboard` shows them. */
  tournament(): TournamentTable {
    return tournamentTable(this.standings(), this.record, this.o.table);
  }

  table(): TournamentRow[] {
    return this.tournament().rows;
  }

  render(): string {
    return renderTournamentTable(this.tournament());
  }

  /** the engines' desks as a mark sees them */
  private deskViews(): DeskView[] {
    return this.engines.map((e) => {
      const l = this.desks.get(e.id)!.ledger;
      return { id: e.id, equity: l.equity, day: l.days.at(-1)?.day };
    });
  }

  /** each asset's last price (bid) */
  private prices(): Record<string, number> {
    return Object.fromEntries(
      this.histories.filter((h) => Number.isFinite(h.price)).map((h) => [h.symbol, h.price]),
    );
  }

  /** Sends a close for every open position of every desk (fills at the next price). */
  closeAll(): void {
    for (const d of this.desks.values()) d.kernel.closeAll();
  }

  /** orders sent and not yet filled (a cycle's market orders until their symbol's next tick) */
  ordersInFlight(): number {
    let n = 0;
    for (const d of this.desks.values()) n += d.kernel.openOrders().length;
    return n;
  }

  openPositions(): number {
    let n = 0;
    for (const d of this.desks.values()) n += d.ledger.positions.length;
    return n;
  }

  equity(): Record<string, number> {
    return Object.fromEntries([...this.desks].map(([id, d]) => [id, roundCents(d.ledger.equity)]));
  }

  /** What a restart needs: desks with their open positions, history, evolution, lessons, spend. */
  state(): HydraState {
    return {
      version: 1,
      mode: this.o.mode,
      cycles: this.cycleCount,
      lastMarketMs: this.lastMarketMs,
      desks: [...this.desks.keys()].map((id) => {
        const r = this.deskRecord(id);
        return {
          id,
          initialCash: r.initialCash,
          balance: this.desks.get(id)!.ledger.balance,
          equity: roundCents(this.desks.get(id)!.ledger.equity),
          highWaterMark: this.desks.get(id)!.ledger.highWaterMark,
          positions: this.desks.get(id)!.ledger.positions.map((p) => ({ ...p })),
          days: r.days.map((d) => ({ ...d })),
          maxDrawdown: r.maxDrawdown,
          maxDrawdownPct: r.maxDrawdownPct,
        };
      }),
      evolution: this.evolution.snapshot(),
      lessons: this.engines.flatMap((e) => [...this.lessons.forEngine(e.id)]),
      costs: [...this.costs],
    };
  }
}
