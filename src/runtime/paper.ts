import { type Clock, LiveClock, ScaledClock } from "../core/clock.js";
import { toIsoUtc } from "../core/time.js";
import { SyntheticMarket } from "../data/synthetic/index.js";
import type { KernelObserver } from "../kernel/kernel-observer.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { Timeframe } from "../model/market-data.js";
import type { Ledger } from "../portfolio/ledger.js";
import { KillSwitch } from "../risk/kill-switch/kill-switch.js";
import type { KillSwitchStore } from "../risk/kill-switch/kill-switch-store.js";
import type { RiskConfig } from "../risk/risk-config.js";
import { TradingStates } from "../risk/trading-state.js";
import type { Strategy } from "../strategies/strategy.js";
import { buildBook } from "./node/build-book.js";
import { bookKillSwitch } from "./node/kill-switch-service.js";

export interface PaperConfig {
  symbols: readonly string[];
  /** one strategy per symbol */
  strategy: (symbol: string, timeframe: Timeframe) => Strategy;
  timeframe: Timeframe;
  cash: number;
  seed: number;
  /** the synthetic market's start (market time, epoch ms); the wall clock's now by default */
  marketStartMs?: number;
  /** market time runs this many times faster than the wall clock (1 = real time) */
  speed: number;
  /** wall-clock milliseconds to run; Infinity until stopped */
  durationMs: number;
  /** wall-clock milliseconds between status lines */
  statusEveryMs: number;
  /** the wall clock (tests pass their own) */
  wallClock?: Clock;
  log: (line: string) => void;
  /** resolves when the run should stop early (SIGINT, say) */
  stopSignal?: Promise<void>;
  /** how the run waits between pumps (tests pass their own) */
  sleep?: (ms: number) => Promise<void>;
  /** the risk layer; everything passes when absent */
  riskConfig?: RiskConfig;
  /** the shared kill switch record (the guardian_state table), polled twice a second */
  killSwitchStore?: KillSwitchStore;
  /** the shared database: the kill switch polled there, the process listed by `hydra kill-switch status` */
  killSwitchDb?: string;
  /** the environment (KILL_SWITCH) */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface PaperSummary {
  ticks: number;
  fills: number;
  trades: number;
  balance: number;
  equity: number;
  openPositions: number;
  marketStart: string;
  marketEnd: string;
}

const PUMP_MS = 50;
/** a running process sees the kill switch within a second */
const KILL_SWITCH_POLL_MS = 500;

/**
 * Paper trading on the seeded synthetic market: ticks are released when the (scaled) clock reaches
 * their time and go through the same kernel and simulated venue as a backtest, one tick at a time as
 * in live trading; bars also close on the clock when no tick comes.
 */
export async function runPaper(config: PaperConfig): Promise<PaperSummary> {
  const wall = config.wallClock ?? new LiveClock();
  const wallStart = wall.now();
  // market time starts at --start (default: now) and runs `speed` times faster than the wall clock
  const marketStart = config.marketStartMs ?? wallStart;
  const clock = new ScaledClock(wall, marketStart, config.speed, wallStart);
  const specs = config.symbols.map((s) => resolveInstrument(s));
  const instruments = new InstrumentTable(specs);
  let fills = 0;
  const observer: KernelObserver = {
    onFill: (f) => {
      fills++;
      config.log(
        `${toIsoUtc(f.time)} fill ${f.side} ${f.volume} ${f.symbol} @ ${f.price} (${f.reason}, position ${f.positionId})`,
      );
    },
    onTradeClosed: (t) =>
      config.log(`${toIsoUtc(t.closeTime)} closed ${t.symbol} ${t.side} ${t.volume}: ${t.netPnl.toFixed(2)}`),
    onOrderUpdate: (o) => {
      if (o.state === "rejected")
        config.log(
          `${toIsoUtc(o.updatedAt)} rejected by the venue: ${o.side} ${o.volume} ${o.symbol} (${o.reason})`,
        );
    },
    onDenied: (d) => config.log(`${toIsoUtc(d.time)} denied ${d.source}: ${d.code} ${d.reason}`),
  };
  const states = new TradingStates((c) =>
    config.log(`${toIsoUtc(c.time)} trading state ${c.scope}: ${c.from} → ${c.to} (${c.reason})`),
  );
  const { kernel, ledger } = buildBook(
    { instruments, clock },
    {
      scope: "account",
      cash: config.cash,
      riskConfig: config.riskConfig ?? null,
      states,
      strategies: config.symbols.map((s) => config.strategy(s, config.timeframe)),
      observers: [observer],
    },
  );
  const market = new SyntheticMarket({ symbols: config.symbols, seed: config.seed, startMs: marketStart });
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let stopped = false;
  void config.stopSignal?.then(() => {
    stopped = true;
  });
  const killSwitch =
    config.killSwitchStore === undefined
      ? undefined
      : new KillSwitch({
          store: config.killSwitchStore,
          states,
          env: config.env ?? {},
          mode: config.riskConfig?.killMode ?? "freeze",
          onActivate: (mode) => {
            if (mode === "close") kernel.closeAll();
          },
          onError: (e) =>
            config.log(
              `kill switch: cannot read the store (${e instanceof Error ? e.message : String(e)}); keeping the last state`,
            ),
        });
  const service = bookKillSwitch({
    dbPath: config.killSwitchDb,
    name: "paper",
    env: config.env,
    states,
    wall,
    market: clock,
    killMode: config.riskConfig?.killMode,
    book: kernel,
    log: config.log,
  });
  service?.start();
  let nextPoll = wallStart;
  kernel.start();
  config.log(
    `paper trading ${config.symbols.join(", ")} on the synthetic market (seed ${config.seed}, ${config.speed}× real time), balance ${config.cash.toFixed(2)}`,
  );
  let ticks = 0;
  let nextStatus = wallStart + config.statusEveryMs;
  market.next();
  while (!stopped && wall.now() - wallStart < config.durationMs) {
    if (killSwitch !== undefined && wall.now() >= nextPoll) {
      killSwitch.poll(clock.now());
      nextPoll = wall.now() + KILL_SWITCH_POLL_MS;
    }
    const now = clock.now();
    while (market.time <= now) {
      kernel.onTick(market.symbolIndex, market.time, market.bid, market.ask);
      ticks++;
      market.next();
    }
    kernel.advanceTime(now);
    if (wall.now() >= nextStatus) {
      nextStatus += config.statusEveryMs;
      config.log(status(now, ticks, ledger));
    }
    await sleep(PUMP_MS);
  }
  service?.stop();
  kernel.stop();
  const summary: PaperSummary = {
    ticks,
    fills,
    trades: ledger.trades.length,
    balance: ledger.balance,
    equity: Number(ledger.equity.toFixed(2)),
    openPositions: ledger.openCount,
    marketStart: toIsoUtc(marketStart),
    marketEnd: toIsoUtc(clock.now()),
  };
  config.log(`${status(clock.now(), ticks, ledger)} — stopped`);
  return summary;
}

function status(now: number, ticks: number, ledger: Ledger): string {
  return `${toIsoUtc(now)} ticks ${ticks} balance ${ledger.balance.toFixed(2)} equity ${ledger.equity.toFixed(2)} open ${ledger.openCount} closed trades ${ledger.trades.length} max drawdown ${ledger.maxDrawdownPct.toFixed(2)}%`;
}
