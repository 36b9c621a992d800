import { type Clock, LiveClock, ScaledClock, TestClock } from "../core/clock.js";
import { HydraError } from "../core/errors.js";
import { toIsoUtc } from "../core/time.js";
import { SyntheticMarket } from "../data/synthetic/index.js";
import type { Engine } from "../hydra/engine.js";
import type { EvolutionConfig } from "../hydra/evolution/scheduler.js";
import type { PriceFeed } from "../hydra/marketdata/live/price-feed.js";
import { cycleFailureLine } from "../hydra/mother/cycle-failures.js";
import type { HydraJournal } from "../hydra/mother/hydra-journal.js";
import type { HydraMode } from "../hydra/mother/mother-ai.js";
import type { CycleSummary } from "../hydra/orchestrator/hydra-orchestrator.js";
import { HydraOrchestrator } from "../hydra/orchestrator/hydra-orchestrator.js";
import type { HydraResume, HydraStateStore, SavedHydraRun } from "../hydra/orchestrator/hydra-state.js";
import type { BatchEngine } from "../hydra/turbo/turbo-engine.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { Bar } from "../model/market-data.js";
import type { ClosedTrade } from "../model/position.js";
import { SqliteControlJournal } from "../persistence/sqlite-control-journal.js";
import { TradingStates } from "../risk/trading-state.js";
import type { HydraMetrics } from "../telemetry/hydra-metrics.js";
import type { NodeAlerts } from "./alerts/node-alerts.js";
import type { ApiServer } from "./api/api-server.js";
import type { ApiNode } from "./api/composite-node.js";
import type { EventSink } from "./api/event-stream.js";
import { type NodeApiSettings, serveNode } from "./api/serve-node.js";
import { type QuoteGate, runLiveLoop } from "./hydra-live-loop.js";
import { HydraMetricsFeed, type HydraMetricsFeedOptions } from "./hydra-metrics-feed.js";
import { type EngineSwitches, HydraNodeApi } from "./hydra-node-api.js";
import { bookFactory } from "./node/build-book.js";
import { KillSwitchService } from "./node/kill-switch-service.js";
import { TickBatch } from "./tick-batch.js";

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
  journal?: HydraJournal & {
    trades?(untilMarketMs?: number): Map<string, ClosedTrade[]>;
    /** forgets what was journalled after a checkpoint (market time); returns the trades forgotten */
    forgetAfter?(checkpointMarketMs: number): number;
  };
  /** evolution settings other than SPEC §1's (tests: a breeding bar a short run can reach) */
  evolution?: Partial<EvolutionConfig>;
  /** the tournament's saved state: a run continues where the last one on the same store stopped */
  store?: HydraStateStore;
  /** the shared database whose guardian_state (and KILL_SWITCH) halts every desk within a second */
  killSwitchDb?: string;
  /** where the API's control actions are journalled (default: control_actions of killSwitchDb) */
  controlJournal?: { record(wallMs: number, node: string, who: string, action: string): void };
  env?: Readonly<Record<string, string | undefined>>;
  /** turbo batch: the engines that propose through their own (LLM) batch prompt */
  batchEngines?: ReadonlyMap<string, BatchEngine>;
  /** replay: the recorded run's market (origin and start, market time); a fresh run otherwise starts now */
  market?: { originMs: number; startMs: number };
  /**
   * `--start`: a fresh synthetic run's market start (market time; now when absent), so that two runs on
   * the same seed trade the same market; a resumed run keeps its saved market and refuses another start
   */
  startMs?: number;
  /** `--cycles`: stop once the tournament has run this many cycles in all (earlier runs' included) */
  maxCycles?: number;
  /** told once where the market starts (a recording stores it, so that a replay starts there too) */
  onStart?: (start: { originMs: number; marketStartMs: number; resumed: boolean }) => void;
  /**
   * a live price feed instead of the synthetic market (`--feed coinbase|coingecko`): quotes every `pollMs`
   * of wall time through the gate (spikes held, stale assets named), market time = wall time (speed 1);
   * `history` warms the engines' market view up with the source's recent bars (nothing trades on them)
   */
  live?: {
    name: string;
    feed: PriceFeed;
    gate: QuoteGate;
    pollMs: number;
    history?: (assets: readonly string[], sinceMs: number) => Promise<ReadonlyMap<string, readonly Bar[]>>;
  };
  /** the HTTP API (/api/v1) on this port; control with the token (HYDRA_API_TOKEN), engines by their breakers */
  api?: NodeApiSettings & { engines?: EngineSwitches };
  /** another server shows this node (hydra demo): its view and control, and where to publish its events */
  onApi?: (node: ApiNode, bind: (publish: EventSink) => void) => void;
  /**
   * the process's alerting (outbox, channels, Telegram commands): the run raises its events there and,
   * unless another server shows it (onApi), serves the Telegram commands
   */
  alerts?: NodeAlerts;
  /** the HYDRA metrics to keep up to date (served by the caller), and each engine's LLM budget left */
  metrics?: { hydra: HydraMetrics; budgetLeft?: HydraMetricsFeedOptions["budgetLeft"] };
  wallClock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  log: (line: string) => void;
  stopSignal?: Promise<void>;
}

/** the longest wall time between two checkpoints of the tournament's state */
const CHECKPOINT_MS = 60_000;

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

/** What a resumed run continued from (null on a fresh database). */
interface ResumedFrom {
  runId: number;
  cycles: number;
  equity: Record<string, number>;
  /** positions held again with their stops */
  openPositions: number;
  lessons: number;
  /** the previous run's last market time */
  marketTime: string;
  /** when the previous run saved its state (wall time) */
  wallTime: string;
}

/** A saved run must be the same tournament: same engines, assets and market seed. */
function checkResumable(saved: SavedHydraRun, config: HydraRunConfig): void {
  const same = (a: readonly string[], b: readonly string[]): boolean => a.join(",") === b.join(",");
  const refuse = (field: string, was: string, now: string): never => {
    throw new HydraError(
      "CONFIG_INVALID",
      `the database holds a HYDRA run with ${field} ${was}; this run asks for ${now}. Resume it with the same ${field}, or give another --db`,
      { field },
    );
  };
  if (saved.market.seed !== config.seed) refuse("--seed", String(saved.market.seed), String(config.seed));
  if (!same(saved.market.assets, config.assets))
    refuse("--assets", saved.market.assets.join(" "), config.assets.join(" "));
  const engines = config.engines.map((e) => e.id);
  if (!same(saved.engines, engines)) refuse("--engines", saved.engines.join(","), engines.join(","));
  if (saved.state.mode !== config.mode) refuse("mode", saved.state.mode, config.mode);
  // a tournament is priced by one market: the synthetic one, or a live source (positions, standings)
  const feed = config.live?.name ?? "synthetic";
  if ((saved.market.feed ?? "synthetic") !== feed) refuse("--feed", saved.market.feed ?? "synthetic", feed);
  if (config.startMs !== undefined && saved.market.originMs !== config.startMs - WARM_UP_MS)
    refuse("--start", toIsoUtc(saved.market.originMs + WARM_UP_MS), toIsoUtc(config.startMs));
}

/** the market before a fresh run's start that warms the engines' indicators up (no cycle runs on it) */
const WARM_UP_MS = 6 * 3_600_000;

/**
 * `hydra run`: the HYDRA orchestrator on the seeded synthetic market (paper), a cycle every `cycleMs` of
 * market time. With a store, a run continues the last one saved there: desks' cash, standings, lessons,
 * evolution, cycles and LLM spend, open positions with their stops, on a market clock that goes on from
 * the last market time. With a kill-switch database, the
 * switch (KILL_SWITCH or guardian_state) halts every desk within a second.
 */
export async function runHydra(config: HydraRunConfig) {
  const wall = config.wallClock ?? new LiveClock();
  const wallStart = wall.now();
  const saved = config.store?.load() ?? null;
  if (saved !== null) checkResumable(saved, config);
  const runId = config.store?.beginRun(wallStart) ?? 1;
  config.journal?.setRun?.(runId);
  // six hours of market before a fresh run's start warm the engines' indicators up (no cycle runs on them)
  if (saved !== null && config.market !== undefined)
    throw new HydraError(
      "CONFIG_INVALID",
      "a replay starts a fresh tournament, but the database holds a saved one: give the replay its own --db",
      { field: "--db" },
    );
  const freshStart = config.market?.startMs ?? config.startMs ?? wallStart;
  const originMs = saved?.market.originMs ?? config.market?.originMs ?? freshStart - WARM_UP_MS;
  const marketStart = saved === null ? freshStart : saved.state.lastMarketMs + 1;
  config.onStart?.({ originMs, marketStartMs: marketStart, resumed: saved !== null });
  // the market clock is driven by the feed (each tick's time, each cycle's scheduled time), so a run is
  // the same sequence of events whatever the wall clock does; the wall clock × speed only paces it
  const clock = new TestClock(marketStart);
  const pace = new ScaledClock(wall, marketStart, config.speed, wallStart);
  const instruments = new InstrumentTable(config.assets.map((a) => resolveInstrument(a)));
  const market = new SyntheticMarket({ symbols: config.assets, seed: config.seed, startMs: originMs });
  const watch = config.alerts?.watch("hydra", `R${runId}`);
  const states = new TradingStates((c) => watch?.stateChanged(c));
  // trades a killed run journalled after its last checkpoint are not in the saved state: left out
  const resume: HydraResume | undefined =
    saved === null
      ? undefined
      : { state: saved.state, trades: config.journal?.trades?.(saved.state.lastMarketMs) ?? new Map() };
  if (saved !== null) {
    const count = (m: ReadonlyMap<string, readonly ClosedTrade[]> | undefined): number =>
      [...(m ?? new Map()).values()].reduce((n, l) => n + l.length, 0);
    const at = `run ${saved.runId}'s last checkpoint (market time ${toIsoUtc(saved.state.lastMarketMs)})`;
    // a checkpoint that knows its schedule is resumed on it: the market after it is traded again, so
    // what the killed run journalled after it goes (else each of those trades would count twice)
    if (saved.market.nextCycleMs !== undefined && config.journal?.forgetAfter !== undefined) {
      const forgotten = config.journal.forgetAfter(saved.state.lastMarketMs);
      if (forgotten > 0)
        config.log(
          `${forgotten} trade(s) journalled after ${at} are not part of the resumed state: removed from the journal, the market after it is traded again`,
        );
    } else {
      const later = count(config.journal?.trades?.()) - count(resume?.trades);
      if (later > 0) config.log(`${later} trade(s) journalled after ${at} are not part of the resumed state`);
    }
  }
  const hydra = new HydraOrchestrator({
    engines: config.engines,
    mode: config.mode,
    cash: config.cash,
    // ids carry the run id: orders and positions never collide with an earlier run's
    books: bookFactory({ instruments, clock, testClock: clock, idPrefix: `R${runId}-` }),
    instruments,
    clock,
    timeoutMs: config.timeoutMs,
    ...(config.journal === undefined ? {} : { journal: config.journal }),
    ...(config.batchEngines === undefined ? {} : { batchEngines: config.batchEngines }),
    states,
    ...(config.evolution === undefined ? {} : { evolution: config.evolution }),
    ...(resume === undefined ? {} : { resume }),
    ...(config.live === undefined
      ? {}
      : {
          staleAssets: (
            (gate) => () =>
              gate.stale(wall.now())
          )(config.live.gate),
        }),
    log: config.log,
  });
  const resumedFrom: ResumedFrom | null =
    saved === null
      ? null
      : {
          runId: saved.runId,
          cycles: saved.state.cycles,
          equity: Object.fromEntries(saved.state.desks.map((d) => [d.id, d.equity])),
          openPositions: saved.state.desks.reduce((n, d) => n + d.positions.length, 0),
          lessons: saved.state.lessons.length,
          marketTime: toIsoUtc(saved.state.lastMarketMs),
          wallTime: toIsoUtc(saved.savedWallMs),
        };
  const killSwitch =
    config.killSwitchDb === undefined
      ? undefined
      : new KillSwitchService({
          dbPath: config.killSwitchDb,
          name: "hydra run",
          env: config.env ?? {},
          states: [states],
          wall,
          market: clock,
          log: (l) => config.log(`${toIsoUtc(wall.now())} (wall) ${l}`),
          onActivate: (mode) => {
            if (mode === "close") hydra.closeAll();
          },
        });
  const metricsFeed =
    config.metrics === undefined
      ? undefined
      : new HydraMetricsFeed({
          metrics: config.metrics.hydra,
          hydra,
          engines: config.engines,
          assets: config.assets,
          wall,
          ...(config.metrics.budgetLeft === undefined ? {} : { budgetLeft: config.metrics.budgetLeft }),
          killSwitch: () => killSwitch?.active ?? false,
        });
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let stopped = false;
  void config.stopSignal?.then(() => {
    stopped = true;
  });
  const live = config.live;
  config.log(
    `HYDRA ${config.mode} (paper, run ${runId}): ${config.engines.map((e) => e.label).join(", ")} on ${config.assets.join(", ")}, a cycle every ${config.cycleMs >= 60_000 ? `${config.cycleMs / 60_000} min` : `${config.cycleMs / 1000} s`} of market time (${live === undefined ? `${config.speed}× real time` : `live prices from ${live.name}, polled every ${live.pollMs / 1000} s`})`,
  );
  if (resumedFrom !== null)
    config.log(
      `resumed run ${resumedFrom.runId}: ${resumedFrom.cycles} cycles, ${resumedFrom.lessons} lessons, ${resumedFrom.openPositions} open position(s), market time ${resumedFrom.marketTime} (saved ${resumedFrom.wallTime} wall); equity ${Object.entries(
        resumedFrom.equity,
      )
        .map(([id, e]) => `${id} ${e.toFixed(2)}`)
        .join(", ")}`,
    );
  // the market up to the start: the engines' view only, nothing trades
  if (live === undefined) {
    market.next();
    while (market.time < marketStart) {
      hydra.warm(market.symbolIndex, market.time, market.bid, market.ask);
      market.next();
    }
  } else await warmFromHistory(live, config, hydra, instruments, marketStart);
  killSwitch?.start();
  watch?.started({
    mode: config.mode,
    engines: config.engines.map((e) => e.id).join(", "),
    assets: config.assets.join(", "),
    feed: live?.name ?? "synthetic",
    resumed: saved !== null,
  });
  let savedAt = wall.now();
  const save = (): void => {
    savedAt = wall.now();
    config.store?.save({
      runId,
      state: hydra.state(),
      market: {
        seed: config.seed,
        originMs,
        assets: [...config.assets],
        feed: config.live?.name ?? "synthetic",
        // the synthetic market's schedule (a live feed's cycles follow its wall clock)
        ...(live === undefined ? { nextCycleMs: nextCycle } : {}),
      },
      engines: config.engines.map((e) => e.id),
      savedWallMs: savedAt,
    });
  };
  // a resumed run keeps the saved schedule: its cycles fall where the uninterrupted run's would
  let nextCycle = saved?.market.nextCycleMs ?? marketStart + config.cycleMs;
  const enough = (): boolean => config.maxCycles !== undefined && hydra.cycles >= config.maxCycles;
  let cyclesThisRun = 0;
  const ownJournal =
    config.controlJournal !== undefined || config.killSwitchDb === undefined
      ? undefined
      : SqliteControlJournal.open(config.killSwitchDb);
  const controlJournal = config.controlJournal ?? ownJournal;
  const nodeApi = new HydraNodeApi({
    hydra,
    startedAtMs: wallStart,
    wall,
    market: clock,
    feed: live?.name ?? "synthetic",
    killSwitch,
    engines: config.api?.engines,
    ...(controlJournal === undefined ? {} : { controlJournal }),
    log: config.log,
  });
  let api: ApiServer | undefined;
  let publish: EventSink | undefined;
  config.onApi?.({ view: nodeApi.view(), control: nodeApi.control() }, (p) => {
    publish = p;
  });
  api = await serveNode(config.api, { view: nodeApi.view(), control: nodeApi.control() }, config.log);
  if (config.onApi === undefined)
    config.alerts?.serve({ view: nodeApi.view(), control: nodeApi.control() }, "hydra");
  // what the alerts watch sees, once a second of wall time: the kill switch, engines out of budget, stale
  // prices of a live feed, and the UTC day (market time) for the day's summary
  let watchedAt = 0;
  const spentBy = new Set<string>();
  const watchSample = (force = false): void => {
    if (watch === undefined || (!force && wall.now() - watchedAt < 1000)) return;
    watchedAt = wall.now();
    const k = killSwitch?.record();
    const equity = hydra.equity();
    const total = Object.values(equity).reduce((a, b) => a + b, 0);
    watch.sample({
      marketMs: clock.now(),
      wallMs: watchedAt,
      ...(killSwitch === undefined || k === undefined
        ? {}
        : {
            killSwitch: {
              on: killSwitch.active,
              reason: killSwitch.unreadableReason() ?? k.reason,
              by: k.updatedBy,
              atWallMs: k.updatedAt,
            },
          }),
      budgetsSpent: [...spentBy],
      // each desk's guardian: the day's loss room (from the day's start balance to its daily floor)
      dailyLoss: [...hydra.desks].flatMap(([id, desk]) => {
        const today = desk.book.ledger.today;
        const floor = desk.book.risk?.guardian?.dailyFloor ?? Number.NEGATIVE_INFINITY;
        return today === undefined || !Number.isFinite(floor)
          ? []
          : [
              {
                scope: id,
                day: today.day,
                start: today.startBalance,
                floor,
                equity: desk.book.ledger.equity,
              },
            ];
      }),
      ...(live === undefined
        ? {}
        : {
            stale: [...live.gate.stale(wall.now())].map(([symbol, why]) => ({ symbol, why })),
          }),
      day: {
        key: toIsoUtc(clock.now()).slice(0, 10),
        facts: {
          equity: Math.round(total * 100) / 100,
          engines: Object.entries(equity)
            .map(([id, e]) => `${id} ${e.toFixed(2)}`)
            .join(", "),
          cycles: hydra.cycles,
        },
      },
    });
  };
  const told = (c: CycleSummary, wallSeconds: number): void => {
    metricsFeed?.cycle(c, wallSeconds);
    nodeApi.cycle(c.records);
    for (const r of c.records) if (r.cause === "budget") spentBy.add(r.engineId);
    const out = api?.publish ?? publish;
    for (const r of c.records) out?.({ type: "decision", data: r });
    out?.({ type: "equity", data: hydra.equity() });
    config.log(
      `${toIsoUtc(clock.now())} (market) cycle ${c.cycle}: ${c.sent} order(s); leaderboard ${c.scores.map((r) => `#${r.rank} ${r.engineId} ${r.realizedPnl.toFixed(2)}`).join(", ")}`,
    );
    // the engines that failed this cycle, in one line (all failing must not look like a quiet cycle)
    const failures = cycleFailureLine(c.cycle, c.records, hydra.evolution.active().length);
    if (failures !== "") config.log(`${toIsoUtc(clock.now())} (market) ${failures}`);
    const stale = c.records.find((r) => r.cause === "stale-data");
    if (stale !== undefined)
      config.log(
        `${toIsoUtc(clock.now())} (market) cycle ${c.cycle}: stale prices, not asked: ${stale.detail}`,
      );
  };
  try {
    if (live !== undefined)
      cyclesThisRun = await runLiveLoop({
        hydra,
        clock,
        wall,
        feed: live.feed,
        gate: live.gate,
        instruments,
        assets: config.assets,
        cycleMs: config.cycleMs,
        pollMs: live.pollMs,
        endWallMs: wallStart + config.durationMs,
        stopped: () => stopped,
        sleep,
        onCycle: (c, wallSeconds) => {
          save();
          told(c, wallSeconds);
        },
        ...(metricsFeed === undefined ? {} : { onQuote: (symbol: string) => metricsFeed.quote(symbol) }),
        checkpoint: () => {
          save();
          watchSample();
        },
        log: config.log,
      });
    // a checkpoint holds positions, not orders: it is written when no order is in flight (a cycle's
    // market orders fill at the next tick), else at the first tick after which none is
    let owed = false;
    const checkpoint = (): void => {
      owed = hydra.ordersInFlight() > 0;
      if (!owed) save();
    };
    const tick = (): void => {
      clock.set(market.time);
      hydra.onTick(market.symbolIndex, market.time, market.bid, market.ask);
      metricsFeed?.quote(config.assets[market.symbolIndex]!);
      market.next();
      if (owed) checkpoint();
    };
    // the market's ticks up to `limit`, each desk folding those that change nothing but its marks
    const batch = new TickBatch();
    const ticks = (limit: number): void => {
      batch.clear();
      while (market.time <= limit) {
        batch.push(market.symbolIndex, market.time, market.bid, market.ask);
        metricsFeed?.quote(config.assets[market.symbolIndex]!);
        market.next();
      }
      hydra.onTicks(batch.syms, batch.time, batch.bid, batch.ask, batch.length);
      if (batch.length > 0) clock.set(batch.time[batch.length - 1]!);
    };
    while (live === undefined && !stopped && !enough() && wall.now() - wallStart < config.durationMs) {
      const target = pace.now();
      // ticks up to and including a cycle's time, then the cycle at exactly that time
      while (!stopped && !enough() && Math.min(market.time, nextCycle) <= target) {
        if (market.time <= nextCycle) {
          // while an order is in flight, tick by tick: the checkpoint waits for the tick that fills it
          if (owed) tick();
          else ticks(Math.min(nextCycle, target));
          continue;
        }
        clock.set(nextCycle);
        nextCycle += config.cycleMs;
        const cycleStartMs = wall.now();
        const c = await hydra.cycle();
        // the checkpoint holds the market up to the cycle's time (fills at it included)
        hydra.lastMarketMs = Math.max(hydra.lastMarketMs, clock.now());
        cyclesThisRun++;
        checkpoint();
        told(c, (wall.now() - cycleStartMs) / 1000);
      }
      // a checkpoint at least every 60 s of wall time (SPEC §4), besides the one after every cycle
      if (wall.now() - savedAt >= CHECKPOINT_MS) checkpoint();
      watchSample();
      await sleep(50);
    }
    // the orders in flight fill before the last checkpoint (an hour of market at most: a market order
    // fills at its symbol's next tick), so that the next run holds them as positions
    if (live === undefined) {
      const until = clock.now() + 3_600_000;
      while (hydra.ordersInFlight() > 0 && market.time <= until) tick();
    }
    // open positions stay open: the next run holds them again with their stops
    save();
    // a change of the last second (a kill switch set just before the stop) is still told
    watchSample(true);
    config.alerts?.stopped("hydra", `R${runId}`);
  } finally {
    killSwitch?.stop();
    live?.feed.close?.();
    await api?.close();
    ownJournal?.close();
  }
  config.log(`tournament:\n${hydra.render()}`);
  const denials = hydra.denials.summary();
  if (denials !== "") config.log(`denials this run: ${denials}`);
  const scores = hydra.standings();
  return {
    runId,
    /** every cycle of the tournament, earlier runs' included */
    cycles: hydra.cycles,
    cyclesThisRun,
    resumedFrom,
    killSwitch: killSwitch?.active ?? false,
    lessons: hydra.state().lessons.length,
    table: hydra.table(),
    active: hydra.evolution.active().map((s) => s.id),
    scores,
    equity: hydra.equity(),
    openPositions: hydra.openPositions(),
    marketTime: toIsoUtc(hydra.lastMarketMs),
  };
}

/**
 * The live source's recent bars (six hours), fed to the engines' market view as the prices of each bar
 * (open, high, low, close) so that their indicators are warm at the first cycle; nothing trades on them.
 * A source that cannot give them is said and the run starts cold.
 */
async function warmFromHistory(
  live: NonNullable<HydraRunConfig["live"]>,
  config: HydraRunConfig,
  hydra: HydraOrchestrator,
  instruments: InstrumentTable,
  marketStart: number,
): Promise<void> {
  if (live.history === undefined) return;
  try {
    const bars = await live.history(config.assets, marketStart - 6 * 3_600_000);
    let n = 0;
    for (const [symbol, list] of bars) {
      const sym = instruments.index(symbol);
      for (const b of list) {
        if (b.time >= marketStart) break;
        const step = Math.max(1, Math.floor((b.endTime - b.time) / 4));
        const path = [b.open, b.high, b.low, b.close];
        for (let i = 0; i < path.length; i++) hydra.warm(sym, b.time + i * step, path[i]!, path[i]!);
        n++;
      }
    }
    config.log(`warmed the engines' market view with ${n} bars of ${live.name} history`);
  } catch (e) {
    config.log(
      `no history from ${live.name} to warm up with (${e instanceof Error ? e.message : String(e)}): the engines start cold`,
    );
  }
}
