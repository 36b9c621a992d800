import type { Clock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import type { FeedState } from "../../execution/mt5/client/tick-subscriber.js";
import type { TradingKernel } from "../../kernel/trading-kernel.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import type { ClosedTrade } from "../../model/position.js";
import type { Ledger } from "../../portfolio/ledger.js";
import type { AccountMarks } from "../../risk/account-marks.js";
import type { RiskEngine } from "../../risk/risk-engine.js";
import type { TradingStates } from "../../risk/trading-state.js";

import type { NodeControl } from "../api/node-control.js";
import { cents, operatorLine, orderRow, pageOf, positionRow, tradeRow } from "../api/node-rows.js";
import type { NodeView } from "../api/node-view.js";
import type { EquityPoint, Trade } from "../api/trading-schemas.js";
import { UnknownTargetError } from "../api/unknown-target-error.js";
import type { ExecutionMode } from "../execution-mode.js";
import type { KillSwitchService } from "./kill-switch-service.js";

/** A strategy of the book as the operator sees it: by name, and whether it was switched off after failures. */
interface BookBot {
  readonly name: string;
  readonly disabled?: boolean;
}

export interface BookNodeParts {
  /** "ftmo", "trade" */
  node: string;
  mode: ExecutionMode;
  startedAtMs: number;
  wall: Clock;
  market: Clock;
  ledger: Ledger;
  instruments: InstrumentTable;
  /** what the risk layer judges (live: the broker's figures) */
  account: AccountMarks;
  /** none when the node trades without a risk layer (--no-risk) */
  risk: RiskEngine | undefined;
  states: TradingStates;
  bots: readonly BookBot[];
  kernel: TradingKernel;
  /** none without a database */
  killSwitch: KillSwitchService | undefined;
  /** the closed trades (the journal's, or the ledger's) */
  closedTrades: () => readonly ClosedTrade[];
  /**
   * reload config: the bots the node's configuration file lists now (a bot by its name or its family,
   * "hf-scalper" for "hf-scalper:XAUUSD"); the others stop their entries. Absent: nothing to reload.
   */
  configuredBots?: () => readonly string[];
  /** where each control action is journalled with who and when (the shared database) */
  controlJournal?: { record(wallMs: number, node: string, who: string, action: string): void };
  feed: () => Readonly<FeedState>;
  bridgeUp: () => boolean;
  log: (line: string) => void;
}

const EQUITY_POINTS = 3600;

/**
 * A node trading one book (hydra ftmo, hydra trade) as the HTTP API shows it (read) and lets an operator act on it (control): the account
 * the risk layer judges, positions, journalled trades, days, the challenge as FTMO's Account MetriX shows
 * it, the bots and their states; the kill switch, pausing a bot (its entries stop, its exits go on: the
 * bot's scope REDUCING), closing a position or all. Every control action is logged with who asked.
 */
export class BookNodeApi {
  private readonly equitySeries: EquityPoint[] = [];
  private lastLoopWall = 0;

  constructor(private readonly p: BookNodeParts) {}

  /** once a second from the node's loop: an equity point, and the loop's heartbeat */
  sample(): void {
    this.lastLoopWall = this.p.wall.now();
    this.equitySeries.push({
      tMs: Math.max(0, Math.round(this.p.market.now())),
      balance: cents(this.p.account.balance),
      equity: cents(this.p.account.equity),
    });
    if (this.equitySeries.length > EQUITY_POINTS) this.equitySeries.shift();
  }

  view(): NodeView {
    const p = this.p;
    const stamp = (wallMs: number) => ({
      wallMs: Math.round(wallMs),
      marketMs: Math.max(0, Math.round(p.market.now() - (p.wall.now() - wallMs))),
    });
    return {
      health: () => {
        const f = p.feed();
        return {
          ok: f.alive && (p.mode !== "live" || p.bridgeUp()),
          lastLoop: this.lastLoopWall === 0 ? null : stamp(this.lastLoopWall),
          feeds: Object.entries(f.lastTickAt).map(([symbol, at]) => ({
            feed: symbol,
            lastTick: Number.isFinite(at) ? stamp(at) : null,
          })),
        };
      },
      status: () => {
        const k = p.killSwitch?.record() ?? { reason: "", updatedBy: "", updatedAt: 0 };
        const scopes = ["global", "account", ...p.bots.map((b) => b.name)];
        return {
          node: p.node,
          mode: p.mode,
          startedAtMs: p.startedAtMs,
          uptimeMs: Math.max(0, p.wall.now() - p.startedAtMs),
          tradingStates: scopes.map((scope) => ({ scope, state: p.states.effective(scope) })),
          killSwitch: {
            on: p.killSwitch?.active ?? false,
            reason: k.reason === "" ? null : k.reason,
            who: k.updatedBy === "" ? null : k.updatedBy,
            atMs: k.updatedAt > 0 ? k.updatedAt : null,
          },
          feeds: [{ feed: "event bus", connected: p.feed().alive, detail: null }],
          bridge: { connected: p.bridgeUp(), detail: null },
        };
      },
      account: () => ({
        currency: p.ledger.converter.accountCurrency,
        balance: cents(p.account.balance),
        equity: cents(p.account.equity),
        openPnl: cents(p.ledger.floatingPnl),
        marginUsed: cents(p.ledger.margin),
        freeMargin: cents(p.ledger.freeMargin),
        realizedPnlToday: cents(p.ledger.today?.realizedPnl ?? 0),
      }),
      positions: () =>
        p.ledger.positions.map((x) => {
          const sym = p.instruments.index(x.symbol);
          const quote = x.side === "buy" ? p.ledger.lastBid[sym]! : p.ledger.lastAsk[sym]!;
          const current = Number.isFinite(quote) ? quote : x.openPrice;
          return positionRow(
            x,
            current,
            p.instruments.specs[sym]!,
            x.source,
            p.ledger.converter.profitRate(sym),
          );
        }),
      orders: () => p.kernel.openOrders().map((o) => orderRow(o, o.source)),
      trades: (q) => pageOf(this.trades(), q),
      days: () =>
        p.ledger.days.map((d) => ({
          day: d.day,
          startBalance: cents(d.startBalance),
          endEquity: cents(d.endEquity),
          pnl: cents(d.endEquity - d.startBalance),
          trades: d.opened ?? 0,
        })),
      challenge: () => {
        const m = p.risk?.propFirm;
        if (m === undefined) return null;
        const e = m.evaluator;
        const equity = p.account.equity;
        const profit = cents(p.account.balance - e.initial);
        const v = m.verdict.status;
        return {
          program: e.program.name,
          phase: e.program.phase,
          dailyLossLeft: cents(equity - e.floors.daily),
          maxLossLeft: cents(equity - e.floors.maxLoss),
          profit,
          profitTarget: cents(e.target - e.initial),
          tradingDays: e.tradingDays,
          minTradingDays: e.program.minTradingDays,
          bestDayRatio: profit > 0 ? e.bestDayProfit / profit : null,
          verdict: v === "active" ? "in_progress" : v,
        };
      },
      bots: () => {
        const trades = this.trades();
        return p.bots.map((b) => {
          const mine = trades.filter((t) => t.owner === b.name);
          const state = p.states.effective(b.name);
          return {
            name: b.name,
            kind: "bot" as const,
            state:
              b.disabled || state === "HALTED"
                ? ("halted" as const)
                : state === "REDUCING"
                  ? ("paused" as const)
                  : ("running" as const),
            openPositions: p.ledger.positions.filter((x) => x.source === b.name).length,
            trades: mine.length,
            pnl: cents(mine.reduce((s, t) => s + t.pnl, 0)),
          };
        });
      },
      leaderboard: () => [],
      decisions: (q) => pageOf([], q),
      equity: () => [...this.equitySeries],
    };
  }

  control(): NodeControl {
    const p = this.p;
    const bot = (name: string): BookBot => {
      const b = p.bots.find((x) => x.name === name);
      if (b === undefined) throw new UnknownTargetError("bot", name);
      return b;
    };
    const said = (what: string, who: string): void => {
      p.controlJournal?.record(p.wall.now(), p.node, who, what);
      p.log(operatorLine(p.wall.now(), who, what));
    };
    return {
      killSwitch: (on, reason, who) => {
        if (p.killSwitch === undefined)
          throw new HydraError("CONFIG_INVALID", "this node has no kill-switch database", { field: "on" });
        p.killSwitch.set(on, reason, who);
        said(`kill switch ${on ? "on" : "off"} (${reason})`, who);
      },
      pause: (kind, name, who) => {
        if (kind === "engine") throw new UnknownTargetError("engine", name);
        bot(name);
        // entries stop, exits and stop changes go on (REDUCING), until resumed
        p.states.set(name, "REDUCING", `paused by ${who}`, p.market.now(), who);
        said(`pause bot ${name}`, who);
      },
      resume: (kind, name, who) => {
        if (kind === "engine") throw new UnknownTargetError("engine", name);
        bot(name);
        p.states.set(name, "ACTIVE", `resumed by ${who}`, p.market.now(), who);
        said(`resume bot ${name}`, who);
      },
      closePosition: (id, who) => {
        const x = p.ledger.position(id);
        if (x === undefined) throw new UnknownTargetError("position", id);
        p.kernel.submit({ kind: "close", symbol: x.symbol, positionId: id, tag: "operator" }, x.source);
        said(`close position ${id}`, who);
      },
      closeAll: (who) => {
        p.kernel.closeAll();
        said("close all positions", who);
      },
      reloadConfig: (who) => {
        if (p.configuredBots === undefined) {
          said(`reload config: nothing to reload (hydra ${p.node} reads its settings at start)`, who);
          return;
        }
        const listed = new Set(p.configuredBots());
        const off: string[] = [];
        const on: string[] = [];
        const now = p.market.now();
        for (const b of p.bots) {
          const inFile = listed.has(b.name) || listed.has(b.name.split(":")[0]!);
          const owner = p.states.owner(b.name);
          if (!inFile && p.states.own(b.name) === "ACTIVE") {
            p.states.set(b.name, "REDUCING", `not in the configuration (reloaded by ${who})`, now, "config");
            off.push(b.name);
          } else if (inFile && owner === "config" && p.states.own(b.name) !== "ACTIVE") {
            p.states.set(b.name, "ACTIVE", `back in the configuration (reloaded by ${who})`, now, "config");
            on.push(b.name);
          }
        }
        said(
          `reload config: entries stopped for ${off.join(", ") || "no bot"}, resumed for ${on.join(", ") || "no bot"}`,
          who,
        );
      },
    };
  }

  private trades(): Trade[] {
    return this.p.closedTrades().map((t) => tradeRow(t, t.source));
  }
}
