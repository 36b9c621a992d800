import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { HydraError } from "../core/errors.js";
import type { Side } from "../model/side.js";

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

export class FtmoMetrics {
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
    // series that exist from the start
    for (const c of ["mt5", "event_bus"] as const) this.setConnection(c, false);
    this.setKillSwitch(false);
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

  /** The exposition text. */
  /** runs before each scrape: the account's figures as they are at that instant, not at the last flush */
  beforeScrape: (() => void) | undefined;

  text(): Promise<string> {
    this.beforeScrape?.();
    return this.registry.metrics();
  }
  get contentType(): string {
    return this.registry.contentType;
  }
}

export interface MetricsServer {
  /** the bound port (the real one when asked for port 0) */
  port: number;
  close(): Promise<void>;
}

/** Serves GET /metrics (HEAD too) over plain HTTP; anything else is 404. Loopback unless told otherwise. */
export function startMetricsServer(opts: {
  metrics: FtmoMetrics;
  port: number;
  host?: string;
}): Promise<MetricsServer> {
  const { metrics, port, host = "127.0.0.1" } = opts;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    metrics.text().then(
      (body) => {
        res.writeHead(200, { "content-type": metrics.contentType });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (e: unknown) => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`${String(e)}\n`);
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", (e) =>
      reject(
        new HydraError(
          "CONFIG_INVALID",
          `metrics server: ${e.message}`,
          {
            host,
            port,
          },
          e,
        ),
      ),
    );
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
