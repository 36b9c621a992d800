import { TestClock } from "../core/clock.js";
import { Prng } from "../core/prng.js";
import type { BarSeries } from "../data/series.js";
import type { Engine, EngineAnswer, EngineInput } from "../hydra/engine.js";
import { type AnonymiseMap, anonymise } from "../hydra/history/anonymise.js";
import { type MeanCi, meanCi95 } from "../hydra/history/confidence.js";
import { cutoffGuard, engineCutoff, engineModel, SEEN_PERIOD } from "../hydra/history/knowledge-cutoff.js";
import { type LlmCallParams, type LlmCallStore, paramsHash, sha256 } from "../hydra/llm/call-recorder.js";
import type { HydraMode } from "../hydra/mother/mother-ai.js";
import { HydraOrchestrator } from "../hydra/orchestrator/hydra-orchestrator.js";
import { resolveInstrument } from "../model/default-instruments.js";
import type { InstrumentSpec } from "../model/instrument.js";
import { InstrumentTable } from "../model/instrument-table.js";
import { TIMEFRAME_MS } from "../model/market-data.js";
import { bookFactory } from "./node/build-book.js";

export interface EngineBacktestConfig {
  engines: readonly Engine[];
  /** M5 or M1 bars (bid prices) of the assets, one series each */
  series: readonly BarSeries[];
  /** a Mother AI cycle after every this many bar closes */
  cycleEveryBars: number;
  /** each engine's desk starts with this much */
  cash: number;
  /** rename the assets, rescale prices and move the history to a fictional epoch (seeded) */
  anonymise?: { seed: number };
  /** knowledge-cutoff overrides (epoch ms) by engine id or model id */
  cutoffs?: Readonly<Record<string, number>>;
  /** the model each LLM engine id uses, where it is not one of DEFAULT_LLM_ENGINES */
  models?: Readonly<Record<string, string>>;
  /** every engine call is recorded here (engine, prompt hash, answer, data time) */
  store?: LlmCallStore;
  /** bars that only warm the indicators up before the first cycle (default 50) */
  warmupBars?: number;
  /** drop this many bars at the start of every series (repeat runs vary it) */
  startOffsetBars?: number;
  /** per engine call (default 60 s) */
  timeoutMs?: number;
  /** the trading mode, as `hydra run` reads it from the environment (default independent) */
  mode?: HydraMode | "turbo";
  /** the orchestrator's log (evolution, turbo, denials); silent by default */
  log?: (line: string) => void;
}

type EngineBacktestRow =
  | {
      engineId: string;
      label: string;
      included: true;
      returnPct: number;
      trades: number;
      winRate: number;
      maxDrawdownPct: number;
      calls: number;
      costUsd: number;
      equity: number;
    }
  | { engineId: string; label: string; included: false; reason: string; cutoffMs: number };

export interface EngineBacktestResult {
  rows: EngineBacktestRow[];
  cycles: number;
  bars: number;
  /** the data's first open and last close (real times, before any anonymisation) */
  startMs: number;
  endMs: number;
  anonymised: AnonymiseMap | null;
}

/** Counts an engine's calls and records each one in the store (time = the data's clock). */
class RecordedEngine implements Engine {
  calls = 0;
  costUsd = 0;
  readonly id: string;
  readonly label: string;
  readonly kind: "llm" | "offline";

  constructor(
    private readonly inner: Engine,
    private readonly clock: TestClock,
    private readonly model: string,
    private readonly store: LlmCallStore | undefined,
  ) {
    this.id = inner.id;
    this.label = inner.label;
    this.kind = inner.kind;
  }

  async decide(input: EngineInput, signal: AbortSignal): Promise<EngineAnswer> {
    this.calls++;
    const time = this.clock.now();
    const answer = await this.inner.decide(input, signal);
    this.costUsd += answer.usage.costUsd;
    if (this.store !== undefined) {
      const params: LlmCallParams = {
        provider: this.kind === "llm" ? "backtest" : "offline",
        model: this.model,
        temperature: 0,
        maxOutputTokens: 0,
        schemaHash: sha256("EngineAnswerSchema"),
      };
      this.store.record({
        engineId: this.id,
        model: this.model,
        promptHash: input.promptHash,
        schemaHash: params.schemaHash,
        paramsHash: paramsHash(params),
        params,
        answer,
        time,
      });
    }
    return answer;
  }
}

function instrumentFor(real: string, alias: string, scale: number): InstrumentSpec {
  let base: InstrumentSpec;
  try {
    base = resolveInstrument(real);
  } catch {
    base = resolveInstrument(real, { digits: 5 });
  }
  if (alias === real && scale === 1) return base;
  return resolveInstrument(alias, {
    ...base,
    symbol: alias,
    spread: base.spread * scale,
    volumeMax: base.volumeMax / Math.min(1, scale),
  });
}

interface BarEvent {
  s: number;
  i: number;
  end: number;
}

/**
 * Replays bar history through the HYDRA orchestrator — the program `hydra run` trades — with a cycle
 * every `cycleEveryBars` bar closes, on a TestClock the data drives (no wall clock). Bars reach the desks through kernel.onBar
 * (stops and targets by the intrabar rules; market orders fill at the next bar's open) and the market
 * histories at their close, so a cycle's snapshot holds only bars closed by the cycle's time.
 * LLM engines whose knowledge cutoff is after the history's start are excluded unless anonymised.
 */
export async function runEngineBacktest(config: EngineBacktestConfig): Promise<EngineBacktestResult> {
  if (!(config.cycleEveryBars >= 1)) throw new RangeError("cycleEveryBars must be at least 1");
  const offset = Math.max(0, Math.floor(config.startOffsetBars ?? 0));
  const real = config.series.map((s) => sliceSeries(s, offset));
  const startMs = Math.min(...real.map((s) => (s.length > 0 ? s.time[0]! : Number.POSITIVE_INFINITY)));
  const endMs = Math.max(
    ...real.map((s) =>
      s.length > 0 ? s.time[s.length - 1]! + TIMEFRAME_MS[s.timeframe] : Number.NEGATIVE_INFINITY,
    ),
  );
  const anon = config.anonymise === undefined ? null : anonymise(real, config.anonymise.seed);
  const series = anon?.series ?? real;
  const anonymised = anon !== null;

  const rows = new Map<string, EngineBacktestRow>();
  const included: Engine[] = [];
  for (const e of config.engines) {
    const cutoff = engineCutoff(e, config.cutoffs, config.models);
    const verdict = cutoff === undefined ? ({ ok: true } as const) : cutoffGuard(cutoff, startMs, anonymised);
    if (verdict.ok) included.push(e);
    else
      rows.set(e.id, {
        engineId: e.id,
        label: e.label,
        included: false,
        reason: SEEN_PERIOD,
        cutoffMs: verdict.cutoffMs,
      });
  }

  const first = series.find((s) => s.length > 0);
  const clock = new TestClock(first === undefined ? 0 : first.time[0]!);
  const specs = series.map((s, i) =>
    instrumentFor(real[i]!.symbol, s.symbol, anon?.map.assets[i]?.scale ?? 1),
  );
  const instruments = new InstrumentTable(specs);
  const wrapped = included.map(
    (e) => new RecordedEngine(e, clock, engineModel(e.id, config.models) ?? e.id, config.store),
  );
  // the program `hydra run` trades: Mother AI, lessons, evolution, consensus or turbo, one scoring
  const hydra = new HydraOrchestrator({
    engines: wrapped,
    mode: config.mode ?? "independent",
    cash: config.cash,
    books: bookFactory({ instruments, clock, testClock: clock }),
    instruments,
    clock,
    timeoutMs: config.timeoutMs ?? 60_000,
    log: config.log ?? (() => {}),
  });
  const desks = hydra.desks;

  const events: BarEvent[] = [];
  series.forEach((s, si) => {
    const tf = TIMEFRAME_MS[s.timeframe];
    for (let i = 0; i < s.length; i++) events.push({ s: si, i, end: s.time[i]! + tf });
  });
  events.sort((a, b) => a.end - b.end || a.s - b.s);

  const warmup = config.warmupBars ?? 50;
  let closes = 0;
  let cycles = 0;
  for (let k = 0; k < events.length; ) {
    const end = events[k]!.end;
    // every bar closing at this time, then (maybe) a cycle
    for (; k < events.length && events[k]!.end === end; k++) {
      const { s, i } = events[k]!;
      const ser = series[s]!;
      const spread = Number.isNaN(ser.spread[i]!) ? specs[s]!.spread : ser.spread[i]!;
      hydra.onBar(s, {
        symbol: ser.symbol,
        timeframe: ser.timeframe,
        time: ser.time[i]!,
        endTime: end,
        open: ser.open[i]!,
        high: ser.high[i]!,
        low: ser.low[i]!,
        close: ser.close[i]!,
        volume: ser.volume[i]!,
        spread,
      });
    }
    if (end > clock.now()) clock.set(end);
    closes++;
    if (closes > warmup && (closes - warmup) % config.cycleEveryBars === 0 && wrapped.length > 0) {
      await hydra.cycle();
      cycles++;
    }
  }

  for (const e of wrapped) {
    const desk = desks.get(e.id)!;
    const trades = desk.trades;
    const wins = trades.filter((t) => t.netPnl > 0).length;
    const equity = desk.ledger.equity;
    rows.set(e.id, {
      engineId: e.id,
      label: e.label,
      included: true,
      returnPct: ((equity - config.cash) / config.cash) * 100,
      trades: trades.length,
      winRate: trades.length === 0 ? 0 : wins / trades.length,
      maxDrawdownPct: desk.ledger.maxDrawdownPct,
      calls: e.calls,
      costUsd: e.costUsd,
      equity,
    });
  }
  return {
    rows: config.engines.map((e) => rows.get(e.id)!),
    cycles,
    bars: events.length,
    startMs,
    endMs,
    anonymised: anon?.map ?? null,
  };
}

function sliceSeries(s: BarSeries, from: number): BarSeries {
  if (from === 0) return s;
  const f = Math.min(from, s.length);
  return {
    kind: "bars",
    symbol: s.symbol,
    timeframe: s.timeframe,
    length: s.length - f,
    time: s.time.slice(f),
    open: s.open.slice(f),
    high: s.high.slice(f),
    low: s.low.slice(f),
    close: s.close.slice(f),
    volume: s.volume.slice(f),
    spread: s.spread.slice(f),
  };
}

interface RepeatedEngineResult {
  engineId: string;
  label: string;
  /** runs in which the engine took part (not excluded) */
  returns: number[];
  ci: MeanCi;
  excluded: number;
}

export interface RepeatRunsResult {
  seeds: number[];
  runs: EngineBacktestResult[];
  engines: RepeatedEngineResult[];
}

/**
 * The same backtest `n` times with different seeds: `seedFn(seed, run)` gives each run's config (use
 * `seededVariation` for the anonymisation scale and a random start offset; engines that support
 * temperature-like randomness can be built from the seed there). Reports each engine's mean return
 * with a 95% confidence interval (Student's t).
 */
export async function repeatRuns(
  n: number,
  seedFn: (seed: number, run: number) => EngineBacktestConfig,
  baseSeed = 1,
): Promise<RepeatRunsResult> {
  const seeds = Array.from({ length: n }, (_, r) => (baseSeed + r * 0x9e3779b1) >>> 0);
  const runs: EngineBacktestResult[] = [];
  for (let r = 0; r < n; r++) runs.push(await runEngineBacktest(seedFn(seeds[r]!, r)));
  const ids = runs[0]?.rows.map((row) => [row.engineId, row.label] as const) ?? [];
  const engines = ids.map(([engineId, label]) => {
    const returns: number[] = [];
    let excluded = 0;
    for (const run of runs) {
      const row = run.rows.find((x) => x.engineId === engineId);
      if (row?.included) returns.push(row.returnPct);
      else excluded++;
    }
    return { engineId, label, returns, ci: meanCi95(returns), excluded };
  });
  return { seeds, runs, engines };
}

/** A seed's variation of a base config: anonymised with that seed, and a start offset of 0..maxOffset bars. */
export function seededVariation(
  base: EngineBacktestConfig,
  seed: number,
  maxOffsetBars: number,
): EngineBacktestConfig {
  const rng = new Prng(seed ^ 0x5bd1e995);
  return {
    ...base,
    anonymise: { seed },
    startOffsetBars: Math.floor(rng.next() * (maxOffsetBars + 1)),
  };
}
