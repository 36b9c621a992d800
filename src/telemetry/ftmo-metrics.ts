import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { DENIAL_CODES } from "../model/order-codes.js";
import type { Side } from "../model/side.js";
import type { MetricsSource } from "./metrics-server.js";

/**
 * The FTMO side's Prometheus metrics (SPEC §7) on a registry of their own (no default process metrics),
 * behind typed update methods so no caller spells a metric name.
 */
export type ConnectionComponent = "mt5" | "event_bus";
type TradeOutcome = "win" | "loss";
export type ChallengeStatus = "active" | "passed" | "failed";
export type TradingStateValue = "ACTIVE" | "REDUCING" | "HALTED";

const CHALLENGE_VALUE: Readonly<Record<ChallengeStatus, number>> = { active: 0, passed: 1, failed: -1 };
const STATE_VALUE: Readonly<Record<TradingStateValue, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/** The metric names the SPEC requires. */
export const SPEC_METRIC_NAMES = [
  "ftmo_connection_status",
  "ftmo_tick_rate",
  "ftmo_bot_signals_total",
  "ftmo_bot_trades_total",
  "ftmo_bot_pnl_dollars",
  "ftmo_account_balance_dollars",
  "ftmo_daily_drawdown_percent",
  "ftmo_kill_switch_active",
] as const;

export class FtmoMetrics implements MetricsSource {
  readonly registry = new Registry();
  private readonly connection: Gauge<"component">;
  private readonly tickRate: Gauge<"symbol">;
  private readonly signals: Counter<"bot" | "direction">;
  private readonly trades: Counter<"bot" | "outcome">;
  private readonly botPnl: Gauge<"bot">;
  private readonly balance: Gauge;
  private readonly equity: Gauge;
  private readonly booksEquity: Gauge;
  private readonly dailyDrawdown: Gauge;
  private readonly killSwitch: Gauge;
  private readonly openPositions: Gauge;
  private readonly riskDenials: Counter<"code">;
  private readonly bridgeLatency: Histogram;
  private readonly ordersInFlight: Gauge;
  private readonly challenge: Gauge<"program">;
  private readonly tradingState: Gauge<"scope">;
  private readonly floors: Gauge<"floor">;
  private readonly room: Gauge<"floor">;
  private readonly tickAge: Gauge<"symbol">;
  private readonly sessionOpen: Gauge<"symbol">;

  constructor() {
    const registers = [this.registry];
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Gauge<L>({ name, help, labelNames, registers });
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Counter<L>({ name, help, labelNames, registers });

    this.connection = gauge("ftmo_connection_status", "1 when the component is connected, else 0", [
      "component",
    ]);
    this.tickRate = gauge("ftmo_tick_rate", "Ticks per second received, by symbol", ["symbol"]);
    this.signals = counter("ftmo_bot_signals_total", "Signals emitted by a bot", ["bot", "direction"]);
    this.trades = counter("ftmo_bot_trades_total", "Closed trades of a bot by outcome", ["bot", "outcome"]);
    this.botPnl = gauge("ftmo_bot_pnl_dollars", "Realized net P&L of a bot in account currency", ["bot"]);
    this.balance = gauge("ftmo_account_balance_dollars", "Account balance");
    this.equity = gauge(
      "ftmo_account_equity_dollars",
      "Account equity (balance plus floating P&L) as the risk layer judges it; live: the broker's",
    );
    this.booksEquity = gauge(
      "ftmo_books_equity_dollars",
      "Equity of the node's own books (live: its local mark of the broker's positions)",
    );
    this.dailyDrawdown = gauge("ftmo_daily_drawdown_percent", "Today's loss against the daily limit base, %");
    this.killSwitch = gauge("ftmo_kill_switch_active", "1 when the kill switch is engaged");
    this.openPositions = gauge("ftmo_open_positions", "Open positions");
    this.riskDenials = counter("ftmo_risk_denials_total", "Orders denied by the risk layer", ["code"]);
    this.bridgeLatency = new Histogram({
      name: "ftmo_bridge_latency_seconds",
      help: "Round-trip time of a bridge request",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.ordersInFlight = gauge("ftmo_orders_in_flight", "Orders sent and not yet answered");
    this.challenge = gauge("ftmo_challenge_status", "Challenge status: 0 active, 1 passed, -1 failed", [
      "program",
    ]);
    this.tradingState = gauge("ftmo_trading_state", "Trading state: 0 ACTIVE, 1 REDUCING, 2 HALTED", [
      "scope",
    ]);
    this.floors = gauge("ftmo_loss_floor_dollars", "Equity floor of a loss rule (daily, max_loss)", [
      "floor",
    ]);
    this.room = gauge(
      "ftmo_loss_room_ratio",
      "Share of a loss rule's allowance left (1 untouched, 0 at the floor): daily, max_loss",
      ["floor"],
    );
    this.tickAge = gauge("ftmo_tick_age_seconds", "Wall seconds since the last tick of a symbol", ["symbol"]);
    this.sessionOpen = gauge("ftmo_session_open", "1 while the symbol's trading session is open", ["symbol"]);
    // series that exist from the start
    for (const c of ["mt5", "event_bus"] as const) this.setConnection(c, false);
    for (const code of DENIAL_CODES) this.riskDenials.inc({ code }, 0);
    this.setKillSwitch(false);
  }

  /** The bots' series from the start (signals, trades, P&L at 0), so that a panel has data before their first trade. */
  initBots(bots: readonly string[]): void {
    for (const bot of bots) {
      for (const direction of ["buy", "sell"]) this.signals.inc({ bot, direction }, 0);
      for (const outcome of ["win", "loss"]) this.trades.inc({ bot, outcome }, 0);
      this.botPnl.inc({ bot }, 0);
    }
  }
  setConnection(component: ConnectionComponent, connected: boolean): void {
    this.connection.set({ component }, connected ? 1 : 0);
  }
  setTickRate(symbol: string, ticksPerSecond: number): void {
    this.tickRate.set({ symbol }, ticksPerSecond);
  }
  signal(bot: string, direction: Side): void {
    this.signals.inc({ bot, direction });
  }
  /** A closed trade: counts it by outcome (a scratch counts as a loss) and adds its P&L to the bot's. */
  tradeClosed(bot: string, netPnl: number): void {
    const outcome: TradeOutcome = netPnl > 0 ? "win" : "loss";
    this.trades.inc({ bot, outcome });
    this.botPnl.inc({ bot }, netPnl);
  }
  /** Sets a bot's P&L outright (e.g. restored from the trade history at start). */
  setBotPnl(bot: string, dollars: number): void {
    this.botPnl.set({ bot }, dollars);
  }
  setAccount(a: { balance: number; equity: number; booksEquity?: number; openPositions?: number }): void {
    this.balance.set(a.balance);
    this.equity.set(a.equity);
    this.booksEquity.set(a.booksEquity ?? a.equity);
    if (a.openPositions !== undefined) this.openPositions.set(a.openPositions);
  }
  setDailyDrawdownPercent(pct: number): void {
    this.dailyDrawdown.set(pct);
  }
  setKillSwitch(active: boolean): void {
    this.killSwitch.set(active ? 1 : 0);
  }
  setOpenPositions(n: number): void {
    this.openPositions.set(n);
  }
  riskDenied(code: string): void {
    this.riskDenials.inc({ code });
  }
  observeBridgeLatency(seconds: number): void {
    this.bridgeLatency.observe(seconds);
  }
  setOrdersInFlight(n: number): void {
    this.ordersInFlight.set(n);
  }
  setChallengeStatus(program: string, status: ChallengeStatus): void {
    this.challenge.set({ program }, CHALLENGE_VALUE[status]);
  }
  setTradingState(scope: string, state: TradingStateValue): void {
    this.tradingState.set({ scope }, STATE_VALUE[state]);
  }

  /** A loss rule's floor and the share of its allowance left (`daily`: today's, `max_loss`: the challenge's). */
  setLossRoom(floor: "daily" | "max_loss", floorDollars: number, roomRatio: number): void {
    this.floors.set({ floor }, floorDollars);
    this.room.set({ floor }, roomRatio);
  }
  setSymbolFeed(symbol: string, tickAgeSeconds: number, sessionOpen: boolean): void {
    this.tickAge.set({ symbol }, tickAgeSeconds);
    this.sessionOpen.set({ symbol }, sessionOpen ? 1 : 0);
  }

  /** runs before each scrape: the account's figures as they are at that instant, not at the last flush */
  beforeScrape: (() => void) | undefined;

  text(): Promise<string> {
    this.beforeScrape?.();
    return this.registry.metrics();
  }
}
