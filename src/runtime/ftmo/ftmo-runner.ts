import { type Clock, FeedClock, LiveClock } from "../../core/clock.js";
import { toIsoUtc } from "../../core/time.js";
import { BridgeClient } from "../../execution/mt5/client/bridge-client.js";
import type { CurveClientKeys } from "../../execution/mt5/client/curve-keys.js";
import { TickSubscriber } from "../../execution/mt5/client/tick-subscriber.js";
import { DenialLog } from "../../kernel/denial-log.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import { InstrumentTable } from "../../model/instrument-table.js";
import { SessionCalendar } from "../../model/session-calendar.js";
import { JsonlTradeLog, loadTradeLog } from "../../persistence/jsonl-trade-log.js";
import type { PhaseName, ProgramName } from "../../risk/prop-firm/program.js";
import { DEFAULT_RISK_CONFIG, type RiskConfig } from "../../risk/risk-config.js";
import { riskPctOfSource } from "../../risk/risk-engine.js";
import { TradingStates } from "../../risk/trading-state.js";
import { IsolatedStrategy } from "../../strategies/isolated-strategy.js";
import { AdaptiveSizer } from "../../strategies/metalearning/adaptive-sizing.js";
import {
  type VolatilityRegime,
  VolatilityRegimeDetector,
} from "../../strategies/metalearning/volatility-regime.js";
import type { Strategy } from "../../strategies/strategy.js";
import { FtmoMetrics } from "../../telemetry/ftmo-metrics.js";
import { type MetricsSource, startMetricsServer } from "../../telemetry/metrics-server.js";
import type { NodeAlerts } from "../alerts/node-alerts.js";
import type { ApiNode } from "../api/composite-node.js";
import type { NodeEvent } from "../api/event-stream.js";
import { serveNode } from "../api/serve-node.js";
import type { ExecutionMode } from "../execution-mode.js";
import { BookNodeApi } from "../node/book-node-api.js";
import { BrokerSync } from "../node/broker-sync.js";
import { buildBook } from "../node/build-book.js";
import { KillSwitchService } from "../node/kill-switch-service.js";
import { type NodeStores, sqliteNodeStores } from "../node/node-stores.js";
import { StartupUndo } from "../node/startup-undo.js";
import { venueForMode } from "../node/venue-factory.js";
import { waitForStop } from "../node/wait-for-stop.js";
import { SimBridgeServer } from "../sim-bridge/sim-bridge-server.js";
import type { CheckpointStore } from "./checkpoint-store.js";
import { checkResumable, tradeLogPathOf } from "./ftmo-checkpoint.js";
import { FtmoMetricsFeed } from "./ftmo-metrics-feed.js";
import { writeCheckpoint } from "./write-checkpoint.js";

export interface FtmoBot {
  strategy: Strategy;
  /** volatility regimes in which the bot stands aside */
  avoid?: readonly VolatilityRegime[];
}

export interface FtmoRunConfig {
  mode: ExecutionMode;
  /** the MT5 bridge; when absent the runner starts the simulated bridge itself (paper and shadow only) */
  bridge?: { rep: string; pub: string };
  /** CurveZMQ keys for the bridge's sockets (the given bridge only; the runner's own simulated one is plaintext) */
  curve?: CurveClientKeys;
  bots: readonly FtmoBot[];
  program: ProgramName;
  phase: PhaseName;
  /** balance of the simulated book (paper, shadow) and of the simulated bridge's account */
  initial: number;
  turbo: boolean;
  metricsPort?: number;
  metricsHost?: string;
  /** served on the metrics port beside the FTMO metrics (the process's, hydra demo's HYDRA half) */
  moreMetrics?: readonly MetricsSource[];
  /** the HTTP API (/api/v1) and its control token (HYDRA_API_TOKEN; without one control is off) */
  apiPort?: number;
  apiHost?: string;
  apiToken?: string;
  /** reload config (the API): the bots the configuration lists now (absent: nothing to reload) */
  configuredBots?: () => readonly string[];
  /** another server shows this node (hydra demo): its view and control, and where to publish its events */
  onApi?: (node: ApiNode, bind: (publish: (e: NodeEvent) => void) => void) => void;
  dbPath: string;
  /** the node's records (journal, control journal, run numbers); default: the SQLite file dbPath */
  stores?: NodeStores;
  /**
   * the process's alerting (outbox, channels, Telegram commands); the runner raises its events there
   * and, unless another server shows it (onApi), serves the Telegram commands
   */
  alerts?: NodeAlerts;
  /** a symbol silent this long (wall seconds) in its session raises no-ticks (default 60) */
  noTicksS?: number;
  /** wall time to run; until the stop signal when absent */
  durationMs?: number;
  checkpointEveryMs?: number;
  seed?: number;
  speed?: number;
  /** the simulated bridge's market start (market time, epoch ms); default: the wall clock's now */
  marketStartMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  log: (line: string) => void;
  stopSignal?: Promise<void>;
  /** called once everything listens (tests, the CLI's "ready" line) */
  onReady?: (info: {
    metricsPort: number | undefined;
    apiPort: number | undefined;
    bridge: { rep: string; pub: string };
  }) => void;
}

export interface FtmoRunSummary {
  mode: ExecutionMode;
  runId: number;
  ticks: number;
  fills: number;
  trades: number;
  denials: number;
  balance: number;
  equity: number;
  openPositions: number;
  challenge: string;
  rule: string | null;
  floors: { daily: number; maxLoss: number } | null;
  /** the checkpoint this run continued (its wall time), null on a fresh database */
  resumedFrom: { wallTime: string; marketTime: string; runId: number; challenge: string } | null;
  /** why the node could not stop cleanly (live: an order's outcome unknown, a position only the broker has) */
  problems: string[];
  /** live: the broker's last account event (balance, equity, margin), null when none came */
  brokerAccount: { balance: number; equity: number; margin: number } | null;
}

/** The FTMO risk view: the prop-firm program, three positions in all, correlation, 1.5 % (1 % scalper). */
function ftmoRiskConfig(program: ProgramName, phase: PhaseName): RiskConfig {
  return { ...DEFAULT_RISK_CONFIG, guardian: null, propFirm: { program, phase }, killMode: "close" };
}

/**
 * The FTMO runner: the six bots (each isolated) on one book built by the node builder, one risk view
 * (the prop-firm program, three positions in all, correlation, sizing adapted by each bot's last 20
 * trades), the bridge's ticks, the venue of the execution mode, persistence (SQLite journal, JSONL trade
 * history, checkpoints), the shared kill switch, and Prometheus metrics. It runs until stopped.
 */
export async function runFtmo(config: FtmoRunConfig): Promise<FtmoRunSummary> {
  const undo = new StartupUndo();
  try {
    return await startAndRunFtmo(config, undo);
  } catch (e) {
    // a start that failed (a bad metrics host, KILL_SWITCH=maybe) closes what it opened, then says why
    await undo.undo();
    throw e;
  }
}

async function startAndRunFtmo(config: FtmoRunConfig, undo: StartupUndo): Promise<FtmoRunSummary> {
  const wall: Clock = new LiveClock();
  const log = config.log;
  const symbols = [...new Set(config.bots.flatMap((b) => b.strategy.subscriptions.map((s) => s.symbol)))];
  const instruments = new InstrumentTable(symbols.map((s) => resolveInstrument(s)));
  // the node's records: those it was given (the command's), else its own in the SQLite file
  const own = config.stores === undefined ? sqliteNodeStores(config.dbPath) : undefined;
  if (own !== undefined) undo.add(() => own.close());
  const stores = config.stores ?? own!;
  // the runner knows the interface only: the checkpoint's backend is the stores'
  const checkpoints: CheckpointStore = stores.checkpoints();
  const previous = checkpoints.read();
  if (previous !== undefined) checkResumable(previous, config.mode, checkpoints.where);
  const runId = stores.runs().startRun("ftmo", config.mode, wall.now());
  const watch = config.alerts?.watch("ftmo", `R${runId}`, config.noTicksS);
  // a refused start is a clean stop, not a crash for the next start to report
  undo.add(() => config.alerts?.stopped("ftmo", `R${runId}`));

  let sim: SimBridgeServer | undefined;
  let endpoints = config.bridge;
  // a resumed book continues the market where it stopped: time never goes back for the ledger
  const resumeAt =
    previous === undefined ? Number.NEGATIVE_INFINITY : Date.parse(previous.marketTime) + 60_000;
  const startMs = Math.max(config.marketStartMs ?? wall.now(), resumeAt);
  // sessions, trading days and cooldowns run on market time: the feed's (live: the broker's)
  const market = new FeedClock(wall, config.bridge === undefined ? startMs : undefined, config.speed ?? 1);
  if (endpoints === undefined) {
    const started = new SimBridgeServer();
    sim = started;
    undo.add(() => started.stop());
    await sim.start({
      rep: "tcp://127.0.0.1:*",
      pub: "tcp://127.0.0.1:*",
      symbols,
      source: { kind: "synthetic", seed: config.seed ?? 1, startMs },
      speed: config.speed ?? 1,
      cash: previous?.balance ?? config.initial,
    });
    endpoints = sim.endpoints;
    log(
      `started the simulated bridge: trade ${endpoints.rep}, ticks ${endpoints.pub}, market from ${toIsoUtc(startMs)} at ${config.speed ?? 1}×`,
    );
  }
  const metrics = new FtmoMetrics();
  const client = new BridgeClient({
    endpoint: endpoints.rep,
    curve: sim === undefined ? config.curve : undefined,
    onRoundTrip: (_c, ms) => metrics.observeBridgeLatency(ms / 1000),
  });
  undo.add(() => client.close());
  const journal = stores.tradingJournal();
  const tradeLogFile = tradeLogPathOf(config.dbPath);
  const sizer = new AdaptiveSizer();
  const history = loadTradeLog(tradeLogFile);
  for (const e of history.errors) log(`trade history: ${e.message}`);
  for (const r of history.records) sizer.record(r.bot, r.trade);
  const tradeLog = new JsonlTradeLog(tradeLogFile);
  undo.add(() => tradeLog.close());

  // the books start where the checkpoint left them; a first live start from the broker's balance
  const cash =
    previous?.balance ??
    (config.mode === "live" ? (await client.call("ACCOUNT", {})).balance : config.initial);
  const lastMarketMs = previous === undefined ? Number.NEGATIVE_INFINITY : Date.parse(previous.marketTime);
  let checkpointNow: () => void = () => {};
  // whether the kill switch is on (set once its service exists)
  let killed: () => boolean = () => false;
  // storage that cannot record the books (disk full, read-only, a lost database): trading halts rather
  // than going on unrecorded; what was recorded before stays as it was
  const storageFailed = (what: string, e: unknown): void => {
    const why = e instanceof Error ? e.message : String(e);
    log(`${what} failed: ${why}`);
    states.set(
      "global",
      "HALTED",
      `storage failed (${what}: ${why}); free the disk or make the database writable, then restart`,
      market.now(),
      "storage",
    );
  };
  const recorded = (what: string, f: () => void): void => {
    try {
      f();
    } catch (e) {
      storageFailed(what, e);
    }
  };
  // what the node publishes on the API's live stream (set once the server listens)
  let publish: (e: NodeEvent) => void = () => {};
  const states = new TradingStates((c) => {
    publish({ type: "state", data: c });
    checkpointNow(); // a breach is on disk before anything else can happen (even before it is said)
    log(`${toIsoUtc(c.time)} (market) trading state ${c.scope}: ${c.from} → ${c.to} (${c.reason})`);
    metrics.setTradingState(c.scope, c.to);
    watch?.stateChanged(c);
  });
  const riskConfig = ftmoRiskConfig(config.program, config.phase);
  const avoid = new Map(config.bots.map((b) => [b.strategy.name, b.avoid ?? []]));
  const regimes = new Map(
    symbols.map((s) => [
      s,
      { detector: new VolatilityRegimeDetector(), regime: undefined as VolatilityRegime | undefined },
    ]),
  );
  const bots = config.bots.map(
    (b) =>
      new IsolatedStrategy(b.strategy, {
        turbo: config.turbo,
        report: (r) => {
          log(`bot ${r.bot}: ${r.kind}: ${r.detail}`);
          if (r.kind === "disabled") watch?.botDisabled(r.bot, r.detail, market.now());
        },
        standAside: (bot, symbol) => {
          const regime = regimes.get(symbol)?.regime;
          return regime !== undefined && (avoid.get(bot) ?? []).includes(regime);
        },
        onSignal: (bot, intent) => {
          if (intent.kind === "open") metrics.signal(bot, intent.side);
        },
      }),
  );
  metrics.initBots(bots.map((b) => b.name));
  const denials = new DenialLog(log);
  let fills = 0;
  let feed: FtmoMetricsFeed | undefined;
  // the venue comes from the execution mode; everything after it asks the venue's capabilities
  const venueFor = venueForMode(config.mode, {
    instruments,
    client,
    wall,
    market,
    log,
    idPrefix: `R${runId}.`,
    // every broker deal since the checkpoint is booked (deals carry the broker's market time)
    ...(previous === undefined
      ? {}
      : { since: Math.min(Date.parse(previous.marketTime), Date.parse(previous.wallTime)) }),
  });
  const book = buildBook(
    { instruments, clock: market, venue: venueFor, idPrefix: `R${runId}.` },
    {
      scope: "account",
      cash,
      strategies: bots,
      riskConfig,
      states,
      // L1 metalearning: each bot's base risk (by bot, whatever the instance is called) scaled by its
      // last 20 trades, within the cap
      riskPctOf: (bot) => sizer.riskPct(bot, riskPctOfSource(riskConfig, bot), riskConfig.maxRiskPct),
      observers: [
        {
          onBar: (bar) => {
            const r = regimes.get(bar.symbol);
            if (r !== undefined && bar.timeframe === "M1") r.regime = r.detector.update(bar) ?? r.regime;
          },
          onFill: (f) => {
            fills++;
            publish({ type: "fill", data: f });
            // a position is on disk as soon as it opens: a crash before the next checkpoint loses nothing
            if (f.opening) checkpointNow();
            // an entry sent before the kill switch and filled after it is closed at once (kill mode close)
            if (f.opening && killed()) queueMicrotask(() => kernel.closeAll());
            log(
              `${toIsoUtc(f.time)} (market) fill ${f.side} ${f.volume} ${f.symbol} @ ${f.price} (${f.reason}, ${f.positionId})`,
            );
          },
          onOrderUpdate: (o) => recorded("the order journal", () => journal.recordOrder(o)),
          onTradeClosed: (t) => {
            recorded("the trade journal", () => {
              journal.recordTrade(t);
              tradeLog.append(t.source, t);
            });
            sizer.record(t.source, t);
            feed?.tradeClosed(t.source, t.netPnl);
            checkpointNow(); // the close is journalled first, then the position leaves the checkpoint
          },
          onDenied: (d) => {
            publish({ type: "denial", data: d });
            metrics.riskDenied(d.code);
            denials.denied(d.time, d.source, d.code, d.reason);
          },
        },
      ],
    },
  );
  const { kernel, ledger, venue } = book;
  const risk = book.risk!;
  feed = new FtmoMetricsFeed(metrics, ledger, risk, config.program, book.account ?? ledger);
  const liveFeed = feed;
  metrics.beforeScrape = () => liveFeed.now();

  // resume: the paper/shadow book's positions, then the challenge as it stood (not re-based on today's balance)
  if (previous !== undefined) {
    for (const p of previous.positions) venue.restorePosition?.(p);
    if (previous.challenge !== null && risk.propFirm !== undefined)
      risk.propFirm.restore(previous.challenge, lastMarketMs);
    const v = risk.propFirm?.verdict;
    const f = risk.propFirm?.evaluator.floors;
    log(
      `resumed run R${previous.runId} from its checkpoint of ${previous.wallTime} (wall), market ${previous.marketTime}: balance ${previous.balance}, ${previous.positions.length} position(s), challenge ${v?.status ?? "n/a"}${v?.rule ? ` (${v.rule})` : ""}, floors daily ${f?.daily ?? "n/a"} max-loss ${f?.maxLoss ?? "n/a"}`,
    );
  }

  // a live venue follows the broker's deal events at once; reconciliation stays the safety net
  const broker = new BrokerSync(venue, client, log).judge(book, market);
  broker.onFound = (found) => watch?.reconcileMismatch(found, market.now(), wall.now());
  let ticks = 0;
  let stopping = false;
  const sub = new TickSubscriber({
    endpoint: endpoints.pub,
    curve: sim === undefined ? config.curve : undefined,
    symbols,
    clock: wall,
    onTick: (t) => {
      if (stopping) return; // shutting down: the broker's events still come, the market no longer
      ticks++;
      market.observe(t.time);
      feed?.tick(t.symbol);
      kernel.onTick(instruments.index(t.symbol), t.time, t.bid, t.ask);
    },
    onFeedState: (alive, why) => log(`event bus ${alive ? "alive" : "DEAD"}: ${why}`),
    // market time is the broker's: its last tick or heartbeat (as MT5's TimeCurrent())
    onHeartbeat: (t) => market.observe(t),
    ...broker.events(),
  });
  const killSwitch = new KillSwitchService({
    dbPath: config.dbPath,
    name: "ftmo",
    env: config.env ?? {},
    states: [states],
    wall,
    market: market,
    mode: "close",
    onActivate: () => kernel.closeAll(),
    log,
  });
  killed = () => killSwitch.active;
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : await startMetricsServer({
          sources: [metrics, ...(config.moreMetrics ?? [])],
          port: config.metricsPort,
          ...(config.metricsHost ? { host: config.metricsHost } : {}),
        });
  undo.add(() => metricsServer?.close());
  if (metricsServer !== undefined)
    log(`metrics on http://${config.metricsHost ?? "127.0.0.1"}:${metricsServer.port}/metrics`);
  // the HTTP control plane: what the node shows (read) and what an operator may do (control, token)
  const controlJournal = stores.controlJournal();
  const nodeApi = new BookNodeApi({
    node: "ftmo",
    mode: config.mode,
    startedAtMs: wall.now(),
    wall,
    market,
    ledger,
    instruments,
    account: book.account ?? ledger,
    risk,
    states,
    bots,
    kernel,
    killSwitch,
    closedTrades: () => journal.trades(),
    ...(config.configuredBots === undefined ? {} : { configuredBots: config.configuredBots }),
    controlJournal,
    feed: () => sub.feed,
    bridgeUp: () => broker.bridgeUp,
    log,
  });
  config.onApi?.({ view: nodeApi.view(), control: nodeApi.control() }, (p) => {
    publish = p;
  });
  const apiServer = await serveNode(
    config.apiPort === undefined
      ? undefined
      : {
          port: config.apiPort,
          ...(config.apiHost === undefined ? {} : { host: config.apiHost }),
          ...(config.apiToken === undefined ? {} : { token: config.apiToken }),
        },
    { view: nodeApi.view(), control: nodeApi.control() },
    log,
  );
  undo.add(() => apiServer?.close());
  if (apiServer !== undefined) publish = apiServer.publish;
  if (config.onApi === undefined)
    config.alerts?.serve({ view: nodeApi.view(), control: nodeApi.control() }, "ftmo");
  const calendars = instruments.specs.map((spec) => new SessionCalendar(spec.sessions));
  // each symbol's silence (wall) and session (market time), for the no-ticks alert of the monitoring stack
  const feedStartWallMs = wall.now();
  const symbolFeed = (): void => {
    const now = market.now();
    const lastAt = sub.feed.lastTickAt;
    instruments.specs.forEach((spec, i) => {
      const silentS = (wall.now() - (lastAt[spec.symbol] ?? feedStartWallMs)) / 1000;
      metrics.setSymbolFeed(spec.symbol, silentS, calendars[i]!.isOpen(now));
    });
  };
  // what the alerts watch sees once a second (wall time)
  const watchSample = (): void => {
    if (watch === undefined) return;
    const now = market.now();
    const k = killSwitch.record();
    const e = risk.propFirm?.evaluator;
    const today = e?.days.at(-1);
    const account = book.account ?? ledger;
    const f = sub.feed;
    watch.sample({
      marketMs: now,
      wallMs: wall.now(),
      killSwitch: {
        on: killSwitch.active,
        reason: killSwitch.unreadableReason() ?? k.reason,
        by: k.updatedBy,
        atWallMs: k.updatedAt,
      },
      ...(today === undefined
        ? {}
        : {
            dailyLoss: [
              {
                scope: "account",
                day: today.dayKey,
                start: today.startBalance,
                floor: today.dailyFloor,
                equity: account.equity,
              },
            ],
            day: {
              key: today.dayKey,
              facts: {
                startBalance: today.startBalance,
                balance: Math.round(account.balance * 100) / 100,
                equity: Math.round(account.equity * 100) / 100,
                pnl: Math.round((account.balance - today.startBalance) * 100) / 100,
                lowestEquity: Number.isFinite(today.lowestEquity)
                  ? Math.round(today.lowestEquity * 100) / 100
                  : "n/a",
                tradesClosed: ledger.trades.length,
              },
            },
          }),
      ...(e === undefined || risk.propFirm === undefined
        ? {}
        : {
            challenge: {
              program: `${e.program.name} ${e.program.phase}`,
              status: risk.propFirm.verdict.status,
              rule: risk.propFirm.verdict.rule,
              atMarketMs: risk.propFirm.verdict.time,
              equity: risk.propFirm.verdict.equity,
              floor: risk.propFirm.verdict.floor,
              target: e.target,
            },
          }),
      bridgeUp: broker.bridgeUp,
      eventStream: { alive: f.alive || f.ticks === 0, why: "no tick or heartbeat from the bridge" },
      ticks: instruments.specs.map((spec, i) => ({
        symbol: spec.symbol,
        lastTickWallMs: f.lastTickAt[spec.symbol] ?? Number.NaN,
        sessionOpen: calendars[i]!.isOpen(now),
      })),
      inFlight: inFlight(),
    });
  };

  const inFlight = (): string[] => broker.inFlight();

  checkpointNow = (): void => {
    try {
      writeCheckpoint(
        checkpoints,
        {
          mode: config.mode,
          runId,
          wallMs: wall.now(),
          marketMs: market.now(),
        },
        ledger,
        risk,
        journal,
        inFlight(),
      );
    } catch (e) {
      storageFailed("checkpoint", e);
    }
  };
  await broker.reconcile();
  kernel.start();
  sub.start();
  undo.add(() => sub.stop());
  killSwitch.start();
  undo.add(() => killSwitch.stop());
  const timers = [
    setInterval(checkpointNow, config.checkpointEveryMs ?? 60_000),
    setInterval(() => void broker.reconcile(), 30_000),
    setInterval(() => {
      kernel.advanceTime(market.now());
      nodeApi.sample();
      publish({ type: "equity", data: { balance: ledger.balance, equity: (book.account ?? ledger).equity } });
      feed?.flush(1000, sub.feed.alive, broker.bridgeUp, inFlight().length, killSwitch.active);
      symbolFeed();
      watchSample();
    }, 1000),
    setInterval(() => denials.flush(), 60_000),
  ];
  feed.flush(1000, false, broker.bridgeUp, 0, killSwitch.active);
  symbolFeed();
  checkpointNow(); // right away, so that even an early crash leaves one
  log(
    `FTMO runner R${runId}: ${config.mode} mode, ${config.bots.map((b) => b.strategy.name).join(", ")} on ${symbols.join(", ")}, ${config.program} ${config.phase}, db ${config.dbPath}; runs until stopped (Ctrl-C)${config.durationMs === undefined || !Number.isFinite(config.durationMs) ? "" : ` or ${config.durationMs / 1000} s`}`,
  );
  watch?.started({
    mode: config.mode,
    program: `${config.program} ${config.phase}`,
    bots: config.bots.length,
    balance: Math.round(ledger.balance * 100) / 100,
    resumed: previous !== undefined,
  });
  undo.started();
  config.onReady?.({ metricsPort: metricsServer?.port, apiPort: apiServer?.port, bridge: endpoints });

  await waitForStop(config.durationMs, config.stopSignal);
  log("shutting down: no new ticks, orders settled, checkpoint written");
  for (const t of timers) clearInterval(t);
  // a change of the last second (a kill switch set just before the stop) is still told
  watchSample();
  stopping = true;
  killSwitch.stop();
  // a live node looks at the broker once more before it stops (its deal events still arriving)
  const problems = await broker.finalCheck(() => ledger.positions.map((p) => p.id));
  sub.stop();
  kernel.stop();
  denials.flush();
  checkpointNow();
  await metricsServer?.close();
  await apiServer?.close();
  tradeLog.close();
  own?.close();
  client.close();
  await sim?.stop();
  config.alerts?.stopped("ftmo", `R${runId}`);
  const f = risk.propFirm?.evaluator.floors;
  return {
    mode: config.mode,
    runId,
    ticks,
    fills,
    trades: ledger.trades.length,
    denials: denials.total,
    balance: ledger.balance,
    equity: Number(ledger.equity.toFixed(2)),
    openPositions: ledger.openCount,
    challenge: risk.propFirm?.verdict.status ?? "n/a",
    rule: risk.propFirm?.verdict.rule ?? null,
    floors: f === undefined ? null : { daily: f.daily, maxLoss: f.maxLoss },
    resumedFrom:
      previous === undefined
        ? null
        : {
            wallTime: previous.wallTime,
            marketTime: previous.marketTime,
            runId: previous.runId,
            challenge:
              (previous.challenge as { verdict?: { status?: string } } | null)?.verdict?.status ?? "n/a",
          },
    problems,
    brokerAccount:
      broker.account === undefined
        ? null
        : { balance: broker.account.balance, equity: broker.account.equity, margin: broker.account.margin },
  };
}
