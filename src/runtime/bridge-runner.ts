import { FeedClock, LiveClock } from "../core/clock.js";
import { toIsoUtc } from "../core/time.js";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import type { CurveClientKeys } from "../execution/mt5/client/curve-keys.js";
import { TickSubscriber } from "../execution/mt5/client/tick-subscriber.js";
import type { ShadowVenue } from "../execution/shadow/shadow-venue.js";
import { DenialLog } from "../kernel/denial-log.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { Timeframe } from "../model/market-data.js";
import { SqliteControlJournal } from "../persistence/sqlite-control-journal.js";
import type { RiskConfig } from "../risk/risk-config.js";
import { TradingStates } from "../risk/trading-state.js";
import type { Strategy } from "../strategies/strategy.js";
import type { EventSink } from "./api/event-stream.js";
import { type NodeApiSettings, serveNode } from "./api/serve-node.js";
import type { ExecutionMode } from "./execution-mode.js";
import { BookNodeApi } from "./node/book-node-api.js";
import { BrokerSync } from "./node/broker-sync.js";
import { buildBook } from "./node/build-book.js";
import { bookKillSwitch } from "./node/kill-switch-service.js";
import { venueForMode } from "./node/venue-factory.js";
import { waitForStop } from "./node/wait-for-stop.js";

/** A feed dead (no heartbeat, no tick) for this long of wall time ends the run as a failure. */
export const DEFAULT_FEED_TIMEOUT_MS = 30_000;

export interface BridgeRunConfig {
  mode: ExecutionMode;
  /** the trade server (live mode; also read for the starting balance in every mode) */
  bridge: string;
  /** the price streamer */
  ticks: string;
  /** CurveZMQ keys for both sockets; a plaintext link when absent */
  curve?: CurveClientKeys;
  symbols: readonly string[];
  strategy: (symbol: string, timeframe: Timeframe) => Strategy;
  timeframe: Timeframe;
  /** the balance of the simulated book in paper and shadow mode (live: the broker's) */
  cash: number;
  riskConfig?: RiskConfig;
  /** wall time to run; until the stop signal when absent */
  durationMs?: number;
  /** wall time a dead feed is tolerated (never alive at start, or gone and not back) before the run fails */
  feedTimeoutMs?: number;
  reconcileEveryMs?: number;
  /** the shared database: the kill switch polled there, this process listed by `hydra kill-switch status` */
  killSwitchDb?: string;
  /** where the API's control actions are journalled (default: control_actions of killSwitchDb) */
  controlJournal?: { record(wallMs: number, node: string, who: string, action: string): void };
  env?: Readonly<Record<string, string | undefined>>;
  /** the HTTP API (/api/v1) and the dashboard; control with the token (HYDRA_API_TOKEN) */
  api?: NodeApiSettings;
  log: (line: string) => void;
  stopSignal?: Promise<void>;
}

export interface BridgeRunSummary {
  mode: ExecutionMode;
  ticks: number;
  fills: number;
  openPositions: number;
  balance: number;
  equity: number;
  /** shadow mode: the orders it would have sent */
  wouldHaveSent: number;
  feedAlive: boolean;
  /** why the run ended on its own as a failure (the feed died); null when stopped or its duration ran out */
  failure: string | null;
}

/**
 * Trading on the bridge's live ticks in one of the three execution modes; the kernel, the strategies and
 * the risk layer are the same in all of them, only the venue differs: paper executes on the simulated
 * venue, shadow records what it would have sent and sends nothing, live sends to MT5 (reconciled at
 * start-up and then periodically).
 */
export async function runOnBridge(config: BridgeRunConfig): Promise<BridgeRunSummary> {
  const wall = new LiveClock();
  // sessions and bars run on the feed's market time (live: the broker's); timeouts on the wall clock
  const clock = new FeedClock(wall);
  const instruments = new InstrumentTable(config.symbols.map((s) => resolveInstrument(s)));
  const client = new BridgeClient({ endpoint: config.bridge, curve: config.curve });
  // live books start from the broker's balance; paper and shadow from the configured cash
  const cash = config.mode === "live" ? (await client.call("ACCOUNT", {})).balance : config.cash;
  const states = new TradingStates((c) =>
    config.log(`${toIsoUtc(c.time)} (market) trading state ${c.scope}: ${c.from} → ${c.to} (${c.reason})`),
  );
  const venueFor = venueForMode(config.mode, { instruments, client, wall, market: clock, log: config.log });
  const denials = new DenialLog(config.log);
  let fills = 0;
  const strategies = config.symbols.map((s) => config.strategy(s, config.timeframe));
  // the API's live stream (once it listens)
  let publish: EventSink = () => {};
  const book = buildBook(
    { instruments, clock, venue: venueFor },
    {
      scope: "account",
      cash,
      riskConfig: config.riskConfig ?? null,
      states,
      strategies,
      observers: [
        {
          onFill: (f) => {
            fills++;
            publish({ type: "fill", data: f });
            config.log(
              `${toIsoUtc(f.time)} (market) ${config.mode} fill ${f.side} ${f.volume} ${f.symbol} @ ${f.price} (${f.reason}, ${f.positionId})`,
            );
          },
          onDenied: (d) => denials.denied(d.time, d.source, d.code, d.reason),
          onOrderUpdate: (o) => {
            if (o.state === "rejected")
              config.log(
                `${toIsoUtc(o.updatedAt)} (market) rejected: ${o.side} ${o.volume} ${o.symbol} (${o.reason})`,
              );
          },
        },
      ],
    },
  );
  const { kernel, ledger, venue } = book;
  const killSwitch = bookKillSwitch({
    dbPath: config.killSwitchDb,
    name: "trade",
    env: config.env,
    states,
    wall,
    market: clock,
    killMode: config.riskConfig?.killMode,
    book: kernel,
    log: config.log,
  });
  let ticks = 0;
  let lastWhy = "no heartbeat or tick yet";
  // paper and shadow on a bridge need nothing of the trade server (the feed's own watchdog judges it)
  const broker = new BrokerSync(venue, client, config.log, false).judge(book, clock);
  const sub = new TickSubscriber({
    endpoint: config.ticks,
    curve: config.curve,
    symbols: config.symbols,
    clock: wall,
    onTick: (t) => {
      ticks++;
      clock.observe(t.time);
      kernel.onTick(instruments.index(t.symbol), t.time, t.bid, t.ask);
    },
    onFeedState: (alive, why) => {
      if (!alive) lastWhy = why;
      config.log(`feed ${alive ? "alive" : "DEAD"}: ${why}`);
    },
    onBadFrame: (why) => config.log(`bad tick frame: ${why}`),
    // market time is the broker's: its last tick or heartbeat (as MT5's TimeCurrent())
    onHeartbeat: (t) => clock.observe(t),
    // live: the broker's deals are booked as they happen, a gap reconciles at once
    ...broker.events(),
  });
  await broker.reconcile();
  // the HTTP control plane and the dashboard, as hydra ftmo has them
  const ownJournal =
    config.controlJournal !== undefined || config.killSwitchDb === undefined
      ? undefined
      : SqliteControlJournal.open(config.killSwitchDb);
  const controlJournal = config.controlJournal ?? ownJournal;
  const nodeApi = new BookNodeApi({
    node: "trade",
    mode: config.mode,
    startedAtMs: wall.now(),
    wall,
    market: clock,
    ledger,
    instruments,
    account: book.account ?? ledger,
    risk: book.risk,
    states,
    bots: strategies,
    kernel,
    killSwitch,
    closedTrades: () => ledger.trades,
    ...(controlJournal === undefined ? {} : { controlJournal }),
    feed: () => sub.feed,
    bridgeUp: () => broker.bridgeUp,
    log: config.log,
  });
  const api = await serveNode(config.api, { view: nodeApi.view(), control: nodeApi.control() }, config.log);
  if (api !== undefined) publish = api.publish;
  kernel.start();
  sub.start();
  killSwitch?.start();
  config.log(
    `${config.mode} trading ${config.symbols.join(", ")} on ${config.ticks} (orders: ${config.mode === "live" ? config.bridge : config.mode === "shadow" ? "recorded, never sent" : "the simulated venue"})`,
  );
  const timer = setInterval(() => void broker.reconcile(), config.reconcileEveryMs ?? 30_000);
  const clockTimer = setInterval(() => {
    kernel.advanceTime(clock.now());
    denials.flush();
    nodeApi.sample();
    publish({ type: "equity", data: { balance: ledger.balance, equity: ledger.equity } });
  }, 1000);
  const feedTimeoutMs = config.feedTimeoutMs ?? DEFAULT_FEED_TIMEOUT_MS;
  let failure: string | null = null;
  let deadSince: number | undefined = wall.now();
  let onFeedDead: () => void = () => {};
  const feedDead = new Promise<void>((resolve) => {
    onFeedDead = resolve;
  });
  // wall time: the feed's heartbeat is a wall-clock signal, whatever the market's clock says
  const feedTimer = setInterval(
    () => {
      const now = wall.now();
      if (sub.feed.alive) {
        deadSince = undefined;
        return;
      }
      deadSince ??= now;
      if (now - deadSince < feedTimeoutMs) return;
      failure = `the price feed at ${config.ticks} died (${lastWhy}) and was not back within ${feedTimeoutMs % 1000 === 0 ? `${feedTimeoutMs / 1000} s` : `${feedTimeoutMs} ms`} of wall time`;
      config.log(`${toIsoUtc(now)} (wall) stopping: ${failure}`);
      onFeedDead();
    },
    Math.min(1000, Math.max(50, feedTimeoutMs / 4)),
  );
  const stopOrDead = Promise.race([config.stopSignal ?? new Promise<void>(() => {}), feedDead]);
  await waitForStop(config.durationMs, stopOrDead);
  clearInterval(timer);
  clearInterval(clockTimer);
  clearInterval(feedTimer);
  sub.stop();
  killSwitch?.stop();
  await api?.close();
  ownJournal?.close();
  await venue.settle?.(2000);
  kernel.stop();
  client.close();
  return {
    mode: config.mode,
    ticks,
    fills,
    openPositions: ledger.openCount,
    balance: ledger.balance,
    equity: Number(ledger.equity.toFixed(2)),
    // the shadow venue records what it would have sent
    wouldHaveSent: (venue as Partial<ShadowVenue>).journal?.length ?? 0,
    feedAlive: sub.feed.alive,
    failure,
  };
}
