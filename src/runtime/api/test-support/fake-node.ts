import type { NodeControl } from "../node-control.js";
import type { NodeView } from "../node-view.js";
import type { Page, PageQuery } from "../paging.js";
import type { Bot, Challenge, Decision, LeaderboardEntry } from "../program-schemas.js";
import type { Health, Status } from "../status-schemas.js";
import type { Account, Day, EquityPoint, Order, Position, Trade } from "../trading-schemas.js";
import { UnknownTargetError } from "../unknown-target-error.js";

const T0 = Date.UTC(2026, 0, 5, 9, 0);

export const HEALTH: Health = {
  ok: true,
  lastLoop: { wallMs: T0 + 1_000, marketMs: T0 },
  feeds: [
    { feed: "coinbase", lastTick: { wallMs: T0 + 900, marketMs: T0 - 100 } },
    { feed: "mt5", lastTick: null },
  ],
};

export const STATUS: Status = {
  node: "ftmo-1",
  mode: "paper",
  startedAtMs: T0 - 3_600_000,
  uptimeMs: 3_600_000,
  tradingStates: [
    { scope: "node", state: "ACTIVE" },
    { scope: "bot:london-breakout", state: "REDUCING" },
  ],
  killSwitch: { on: false, reason: null, who: null, atMs: null },
  feeds: [{ feed: "coinbase", connected: true, detail: null }],
  bridge: { connected: false, detail: "no MT5 terminal" },
};

export const ACCOUNT: Account = {
  currency: "USD",
  balance: 100_000,
  equity: 100_250.5,
  openPnl: 250.5,
  marginUsed: 1_200,
  freeMargin: 99_050.5,
  realizedPnlToday: -80,
};

export const POSITIONS: Position[] = [
  {
    id: "P-1",
    symbol: "EURUSD",
    side: "long",
    lots: 0.5,
    openPrice: 1.085,
    currentPrice: 1.0855,
    openPnl: 25,
    stopLoss: 1.08,
    takeProfit: null,
    openedAtMs: T0 - 60_000,
    owner: "london-breakout",
  },
];

export const ORDERS: Order[] = [
  {
    id: "O-7",
    symbol: "XAUUSD",
    side: "sell",
    type: "limit",
    lots: 0.1,
    price: 2_400,
    status: "working",
    createdAtMs: T0,
    owner: "engine:claude",
  },
];

export const TRADES: Trade[] = Array.from({ length: 5 }, (_, i) => ({
  id: `T-${i + 1}`,
  symbol: "EURUSD",
  side: i % 2 === 0 ? "long" : "short",
  lots: 0.2,
  openPrice: 1.08,
  closePrice: 1.081,
  openedAtMs: T0 - (i + 2) * 60_000,
  closedAtMs: T0 - (i + 1) * 60_000,
  pnl: i % 2 === 0 ? 20 : -20,
  commission: 1.4,
  owner: "london-breakout",
}));

export const DAYS: Day[] = [
  { day: "2026-01-05", startBalance: 100_000, endEquity: 100_250.5, pnl: 250.5, trades: 5 },
];

export const CHALLENGE: Challenge = {
  program: "FTMO 100k",
  phase: "challenge",
  dailyLossLeft: 4_920,
  maxLossLeft: 10_000,
  profit: 250.5,
  profitTarget: 10_000,
  tradingDays: 1,
  minTradingDays: 4,
  bestDayRatio: 1,
  verdict: "in_progress",
};

export const BOTS: Bot[] = [
  { name: "london-breakout", kind: "bot", state: "running", openPositions: 1, trades: 5, pnl: 20 },
  { name: "claude", kind: "engine", state: "paused", openPositions: 0, trades: 0, pnl: 0 },
];

export const LEADERBOARD: LeaderboardEntry[] = [
  { rank: 1, name: "london-breakout", kind: "bot", score: 1.2, pnl: 20, trades: 5, winRate: 0.6 },
  { rank: 2, name: "claude", kind: "engine", score: 0, pnl: 0, trades: 0, winRate: null },
];

export const DECISIONS: Decision[] = [
  {
    id: "D-1",
    atMs: T0,
    engine: "claude",
    symbol: "XAUUSD",
    action: "sell",
    confidence: 0.7,
    rationale: "rejected at resistance",
    outcome: "order O-7",
    costUsd: 0.0042,
    latencyMs: 850,
  },
];

export const EQUITY: EquityPoint[] = [
  { tMs: T0 - 60_000, balance: 100_000, equity: 100_100 },
  { tMs: T0, balance: 100_000, equity: 100_250.5 },
];

const paged = <T>(rows: T[], q: PageQuery): Page<T> => ({
  items: rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
  page: q.page,
  pageSize: q.pageSize,
  total: rows.length,
});

/** A view over the hand-built data above; `fail` makes the next calls of one method throw. */
export class FakeView implements NodeView {
  failing: keyof NodeView | undefined;
  challengeValue: Challenge = CHALLENGE;

  private guard<T>(m: keyof NodeView, value: T): T {
    if (this.failing === m) throw new Error(`secret internals of ${m} at /home/hydra/src/x.ts:12`);
    return value;
  }

  health = () => this.guard("health", HEALTH);
  status = () => this.guard("status", STATUS);
  account = async () => this.guard("account", ACCOUNT);
  positions = () => this.guard("positions", POSITIONS);
  orders = () => this.guard("orders", ORDERS);
  trades = (q: PageQuery) => this.guard("trades", paged(TRADES, q));
  days = () => this.guard("days", DAYS);
  challenge = () => this.guard("challenge", this.challengeValue);
  bots = () => this.guard("bots", BOTS);
  leaderboard = () => this.guard("leaderboard", LEADERBOARD);
  decisions = (q: PageQuery) => this.guard("decisions", paged(DECISIONS, q));
  equity = () => this.guard("equity", EQUITY);
}

/** Records every call; knows positions P-1 and P-2, bot london-breakout and engine claude. */
export class RecordingControl implements NodeControl {
  readonly calls: unknown[][] = [];

  killSwitch(on: boolean, reason: string, who: string): void {
    this.calls.push(["killSwitch", on, reason, who]);
  }
  pause(kind: "bot" | "engine", name: string, who: string): void {
    this.known(kind, name);
    this.calls.push(["pause", kind, name, who]);
  }
  resume(kind: "bot" | "engine", name: string, who: string): void {
    this.known(kind, name);
    this.calls.push(["resume", kind, name, who]);
  }
  async closePosition(id: string, who: string): Promise<void> {
    if (id !== "P-1" && id !== "P-2") throw new UnknownTargetError("position", id);
    this.calls.push(["closePosition", id, who]);
  }
  closeAll(who: string): void {
    this.calls.push(["closeAll", who]);
  }
  reloadConfig(who: string): void {
    this.calls.push(["reloadConfig", who]);
  }

  private known(kind: "bot" | "engine", name: string): void {
    if (!BOTS.some((b) => b.kind === kind && b.name === name)) throw new UnknownTargetError(kind, name);
  }
}
