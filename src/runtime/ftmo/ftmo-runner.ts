import path from "node:path";
import { type Clock, LiveClock } from "../../core/clock.js";
import { DayBoundary, toIsoUtc } from "../../core/time.js";
import { BridgeClient } from "../../execution/mt5/client/bridge-client.js";
import { TickSubscriber } from "../../execution/mt5/client/tick-subscriber.js";
import { Mt5Venue } from "../../execution/mt5/venue/mt5-venue.js";
import { ShadowVenue } from "../../execution/shadow/shadow-venue.js";
import { SimVenue } from "../../execution/sim/sim-venue.js";
import type { Venue } from "../../execution/venue.js";
import { TradingKernel } from "../../kernel/trading-kernel.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import { InstrumentTable } from "../../model/instrument-table.js";
import { JsonlTradeLog, loadTradeLog } from "../../persistence/jsonl-trade-log.js";
import { SqliteKillSwitchStore } from "../../persistence/sqlite-kill-switch-store.js";
import { SqliteTradingJournal } from "../../persistence/sqlite-trading-journal.js";
import { Ledger } from "../../portfolio/ledger.js";
import { KillSwitch } from "../../risk/kill-switch/kill-switch.js";
import type { PhaseName, ProgramName } from "../../risk/prop-firm/program.js";
import { DEFAULT_RISK_CONFIG } from "../../risk/risk-config.js";
import { RiskEngine, riskPctOfSource } from "../../risk/risk-engine.js";
import { TradingStates } from "../../risk/trading-state.js";
import { IsolatedStrategy } from "../../strategies/isolated-strategy.js";
import { AdaptiveSizer } from "../../strategies/metalearning/adaptive-sizing.js";
import {
  type VolatilityRegime,
  VolatilityRegimeDetector,
} from "../../strategies/metalearning/volatility-regime.js";
import type { Strategy } from "../../strategies/strategy.js";
import { FtmoMetrics, startMetricsServer } from "../../telemetry/ftmo-metrics.js";
import type { ExecutionMode } from "../execution-mode.js";
import { SimBridgeServer } from "../sim-bridge/sim-bridge-server.js";
import { readCheckpoint, writeCheckpoint } from "./ftmo-checkpoint.js";
import { FtmoMetricsFeed } from "./ftmo-metrics-feed.js";

export interface FtmoBot {
  strategy: Strategy;
  /** volatility regimes in which the bot stands aside */
  avoid?: readonly VolatilityRegime[];
}

export interface FtmoRunConfig {
  mode: ExecutionMode;
  /** the MT5 bridge; when absent the runner starts the simulated bridge itself */
  bridge?: { rep: string; pub: string };
  bots: readonly FtmoBot[];
  program: ProgramName;
  phase: PhaseName;
  /** balance of the simulated book (paper, shadow) and of the simulated bridge's account */
  initial: number;
  turbo: boolean;
  metricsPort?: number;
  metricsHost?: string;
  dbPath: string;
  durationMs: number;
  checkpointEveryMs?: number;
  seed?: number;
  speed?: number;
  env?: Readonly<Record<string, string | undefined>>;
  log: (line: string) => void;
  stopSignal?: Promise<void>;
  /** called once everything listens (tests, the CLI's "ready" line) */
  onReady?: (info: { metricsPort: number | undefined; bridge: { rep: string; pub: string } }) => void;
}

export interface FtmoRunSummary {
  mode: ExecutionMode;
  ticks: number;
  fills: number;
  trades: number;
  balance: number;
  equity: number;
  openPositions: number;
  challenge: string;
  resumedFrom: string | null;
}

/**
 * The FTMO runner: the six bots (each isolated) on one kernel with one risk view (the prop-firm
 * program, three positions in all, correlation, sizing adapted by each bot's last 20 trades), the
 * bridge's ticks, the venue of the execution mode, persistence (SQLite journal, JSONL trade history,
 * checkpoints every 60 s and at shutdown), the kill switch, and Prometheus metrics.
 */
export async function runFtmo(config: FtmoRunConfig): Promise<FtmoRunSummary> {
  const clock: Clock = new LiveClock();
  const log = config.log;
  const symbols = [...new Set(config.bots.flatMap((b) => b.strategy.subscriptions.map((s) => s.symbol)))];
  const instruments = new InstrumentTable(symbols.map((s) => resolveInstrument(s)));
  let sim: SimBridgeServer | undefined;
  let endpoints = config.bridge;
  if (endpoints === undefined) {
    sim = new SimBridgeServer();
    await sim.start({
      rep: "tcp://127.0.0.1:*",
      pub: "tcp://127.0.0.1:*",
      symbols,
      source: { kind: "synthetic", seed: config.seed ?? 1 },
      speed: config.speed ?? 1,
      cash: config.initial,
    });
    endpoints = sim.endpoints;
    log(`started the simulated bridge: trade ${endpoints.rep}, ticks ${endpoints.pub}`);
  }
  const metrics = new FtmoMetrics();
  const client = new BridgeClient({
    endpoint: endpoints.rep,
    onRoundTrip: (_c, ms) => metrics.observeBridgeLatency(ms / 1000),
  });
  const journal = SqliteTradingJournal.open(config.dbPath);
  const tradeLogFile = path.join(path.dirname(path.resolve(config.dbPath)), "ftmo-trades.jsonl");
  const checkpointFile = path.join(path.dirname(path.resolve(config.dbPath)), "ftmo-checkpoint.json");
  const previous = readCheckpoint(checkpointFile);
  if (previous !== undefined)
    log(
      `resuming after the checkpoint of ${previous.time} (balance ${previous.balance}, ${previous.positions.length} positions, ${previous.inFlight.length} orders in flight)`,
    );

  const sizer = new AdaptiveSizer();
  const history = loadTradeLog(tradeLogFile);
  for (const e of history.errors) log(`trade history: ${e.message}`);
  for (const r of history.records) sizer.record(r.bot, r.trade);
  const tradeLog = new JsonlTradeLog(tradeLogFile);

  const cash = config.mode === "live" ? (await client.call("ACCOUNT", {})).balance : config.initial;
  const ledger = new Ledger(instruments, cash, new DayBoundary("Europe/Prague"));
  let venue: Venue;
  if (config.mode === "live") venue = new Mt5Venue({ client, instruments, clock, log });
  else if (config.mode === "shadow") venue = new ShadowVenue({ instruments, account: ledger });
  else venue = new SimVenue({ instruments, account: ledger });

  const states = new TradingStates((c) => {
    log(`${toIsoUtc(c.time)} trading state ${c.scope}: ${c.from} → ${c.to} (${c.reason})`);
    metrics.setTradingState(c.scope, c.to);
  });
  const riskConfig = {
    ...DEFAULT_RISK_CONFIG,
    guardian: null,
    propFirm: { program: config.program, phase: config.phase },
    killMode: "close" as const,
  };
  const risk = new RiskEngine({
    instruments,
    ledger,
    config: riskConfig,
    states,
    // L1 metalearning: each bot's base risk scaled by its last 20 trades, within the cap
    riskPctOf: (bot) => sizer.riskPct(bot, riskPctOfSource(riskConfig, bot), riskConfig.maxRiskPct),
  });
  const feed = new FtmoMetricsFeed(metrics, ledger, risk, config.program);

  const regimes = new Map(
    symbols.map((s) => [
      s,
      { detector: new VolatilityRegimeDetector(), regime: undefined as VolatilityRegime | undefined },
    ]),
  );
  const avoid = new Map(config.bots.map((b) => [b.strategy.name, b.avoid ?? []]));
  const bots = config.bots.map(
    (b) =>
      new IsolatedStrategy(b.strategy, {
        turbo: config.turbo,
        report: (r) => log(`bot ${r.bot}: ${r.kind}: ${r.detail}`),
        standAside: (bot, symbol) => {
          const regime = regimes.get(symbol)?.regime;
          return regime !== undefined && (avoid.get(bot) ?? []).includes(regime);
        },
        onSignal: (bot, intent) => {
          if (intent.kind === "open") metrics.signal(bot, intent.side);
        },
      }),
  );
  let fills = 0;
  const kernel = new TradingKernel({
    instruments,
    clock,
    venue,
    ledger,
    risk,
    strategies: bots,
    barDay: new DayBoundary("UTC"),
    observers: [
      {
        onBar: (bar) => {
          const r = regimes.get(bar.symbol);
          if (r !== undefined && bar.timeframe === "M1") r.regime = r.detector.update(bar) ?? r.regime;
        },
        onFill: (f) => {
          fills++;
          log(
            `${toIsoUtc(f.time)} fill ${f.side} ${f.volume} ${f.symbol} @ ${f.price} (${f.reason}, ${f.positionId})`,
          );
        },
        onOrderUpdate: (o) => journal.recordOrder(o),
        onTradeClosed: (t) => {
          journal.recordTrade(t);
          tradeLog.append(t.source, t);
          sizer.record(t.source, t);
          feed.tradeClosed(t.source, t.netPnl);
        },
        onDenied: (d) => {
          metrics.riskDenied(d.code);
          log(`${toIsoUtc(d.time)} denied ${d.source}: ${d.code} ${d.reason}`);
        },
      },
    ],
  });

  let ticks = 0;
  const sub = new TickSubscriber({
    endpoint: endpoints.pub,
    symbols,
    clock,
    onTick: (t) => {
      ticks++;
      feed.tick(t.symbol);
      kernel.onTick(instruments.index(t.symbol), t.time, t.bid, t.ask);
    },
    onFeedState: (alive, why) => log(`event bus ${alive ? "alive" : "DEAD"}: ${why}`),
  });
  const killStore = SqliteKillSwitchStore.open(config.dbPath);
  const killSwitch = new KillSwitch({
    store: killStore,
    states,
    env: config.env ?? {},
    mode: "close",
    onActivate: () => kernel.closeAll(),
    onError: (e) => log(`kill switch: ${String(e)}`),
  });
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : await startMetricsServer({
          metrics,
          port: config.metricsPort,
          ...(config.metricsHost ? { host: config.metricsHost } : {}),
        });
  if (metricsServer !== undefined)
    log(`metrics on http://${config.metricsHost ?? "127.0.0.1"}:${metricsServer.port}/metrics`);

  const live = venue instanceof Mt5Venue ? venue : undefined;
  let bridgeUp = true;
  const reconcile = async (): Promise<void> => {
    try {
      if (live !== undefined) {
        const r = await live.reconcile();
        if (
          r.adopted.length + r.closedAtVenue.length + r.resolvedFilled.length + r.resolvedRejected.length >
          0
        )
          log(`reconciled: ${JSON.stringify(r)}`);
      } else await client.call("HEARTBEAT", {});
      bridgeUp = true;
    } catch (e) {
      bridgeUp = false;
      log(`bridge: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  await reconcile();
  kernel.start();
  sub.start();
  killSwitch.start(clock);
  const inFlight = (): string[] => (live === undefined ? [] : [...live.inFlight.keys()]);
  const checkpoint = (): void => {
    try {
      writeCheckpoint(checkpointFile, config.mode, clock.now(), ledger, risk, journal, inFlight());
    } catch (e) {
      log(`checkpoint failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const timers = [
    setInterval(checkpoint, config.checkpointEveryMs ?? 60_000),
    setInterval(() => void reconcile(), 30_000),
    setInterval(() => {
      kernel.advanceTime(clock.now());
      feed.flush(1000, sub.feed.alive, bridgeUp, inFlight().length, killSwitch.status().active);
    }, 1000),
  ];
  feed.flush(1000, false, bridgeUp, 0, killSwitch.status().active);
  checkpoint(); // right away, so that even an early crash leaves one
  log(
    `FTMO runner: ${config.mode} mode, ${config.bots.map((b) => b.strategy.name).join(", ")} on ${symbols.join(", ")}, ${config.program} ${config.phase}, db ${config.dbPath}`,
  );
  config.onReady?.({ metricsPort: metricsServer?.port, bridge: endpoints });

  await Promise.race([
    new Promise((r) => setTimeout(r, config.durationMs)),
    config.stopSignal ?? new Promise(() => {}),
  ]);
  log("shutting down: no new ticks, orders settled, checkpoint written");
  for (const t of timers) clearInterval(t);
  sub.stop();
  killSwitch.stop();
  if (live !== undefined) await live.settle(3000);
  kernel.stop();
  checkpoint();
  await metricsServer?.close();
  tradeLog.close();
  killStore.close();
  journal.close();
  client.close();
  await sim?.stop();
  return {
    mode: config.mode,
    ticks,
    fills,
    trades: ledger.trades.length,
    balance: ledger.balance,
    equity: Number(ledger.equity.toFixed(2)),
    openPositions: ledger.openCount,
    challenge: risk.propFirm?.verdict.status ?? "n/a",
    resumedFrom: previous?.time ?? null,
  };
}
