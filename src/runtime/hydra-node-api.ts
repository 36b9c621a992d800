import type { Clock } from "../core/clock.js";
import type { DecisionRecord } from "../hydra/mother/hydra-journal.js";
import type { HydraOrchestrator } from "../hydra/orchestrator/hydra-orchestrator.js";
import { resolveInstrument } from "../model/default-instruments.js";
import type { NodeControl } from "./api/node-control.js";
import { cents, operatorLine, orderRow, pageOf, positionRow, tradeRow } from "./api/node-rows.js";
import type { NodeView } from "./api/node-view.js";
import type { Decision } from "./api/program-schemas.js";
import type { EquityPoint, Trade } from "./api/trading-schemas.js";
import { UnknownTargetError } from "./api/unknown-target-error.js";
import type { KillSwitchService } from "./node/kill-switch-service.js";

/** The engines an operator may pause and resume (their circuit breakers), as the node that built them has them. */
export interface EngineSwitches {
  state(id: string): "running" | "paused" | undefined;
  pause(id: string, who: string): void;
  resume(id: string, who: string): void;
}

export interface HydraNodeParts {
  hydra: HydraOrchestrator;
  startedAtMs: number;
  wall: Clock;
  market: Clock;
  feed: string;
  killSwitch: KillSwitchService | undefined;
  engines: EngineSwitches | undefined;
  /** where each control action is journalled with who and when (the shared database) */
  controlJournal?: { record(wallMs: number, node: string, who: string, action: string): void };
  log: (line: string) => void;
}

const KEEP_DECISIONS = 1000;
const KEEP_POINTS = 3600;

/**
 * `hydra run` as the HTTP API shows it: the desks summed (account), every desk's positions and trades,
 * the tournament (leaderboard), the recent decisions with their rationales, the engines with their
 * breakers; control: the kill switch, pausing an engine (its breaker opens until resumed), closing a
 * position or all. Every control action is logged with the operator.
 */
export class HydraNodeApi {
  private readonly recent: Decision[] = [];
  private readonly series: EquityPoint[] = [];
  private lastLoopWall = 0;

  constructor(private readonly p: HydraNodeParts) {}

  /** after every cycle: its decisions, an equity point, the loop's heartbeat */
  cycle(records: readonly DecisionRecord[]): void {
    for (const r of records)
      this.recent.unshift({
        id: `${r.cycle}:${r.engineId}:${this.recent.length}`,
        atMs: Math.max(0, r.time),
        engine: r.engineId,
        symbol: r.decision?.asset ?? "-",
        action: r.decision === null ? "none" : `${r.decision.action} ${r.decision.direction}`,
        confidence: r.decision?.confidence ?? null,
        rationale: r.decision?.rationale ?? `${r.cause ?? "no decision"}: ${r.detail}`,
        outcome: r.outcome,
        costUsd: r.usage.costUsd,
        latencyMs: r.latencyMs,
      });
    this.recent.length = Math.min(this.recent.length, KEEP_DECISIONS);
    this.beat();
  }

  /** the loop's heartbeat and an equity point (also between cycles) */
  beat(): void {
    this.lastLoopWall = this.p.wall.now();
    const desks = [...this.p.hydra.desks.values()];
    this.series.push({
      tMs: Math.max(0, Math.round(this.p.market.now())),
      balance: cents(desks.reduce((s, d) => s + d.ledger.balance, 0)),
      equity: cents(desks.reduce((s, d) => s + d.ledger.equity, 0)),
      byEngine: Object.fromEntries(desks.map((d) => [d.engineId, cents(d.ledger.equity)])),
    });
    if (this.series.length > KEEP_POINTS) this.series.shift();
  }

  view(): NodeView {
    const p = this.p;
    const desks = () => [...p.hydra.desks.values()];
    const stamp = (wallMs: number) => ({
      wallMs: Math.round(wallMs),
      marketMs: Math.max(0, Math.round(p.market.now() - (p.wall.now() - wallMs))),
    });
    const trades = (): Trade[] => desks().flatMap((d) => d.trades.map((t) => tradeRow(t, d.engineId)));
    return {
      health: () => ({
        ok: this.lastLoopWall > 0 && p.wall.now() - this.lastLoopWall < 120_000,
        lastLoop: this.lastLoopWall === 0 ? null : stamp(this.lastLoopWall),
        feeds: [
          { feed: p.feed, lastTick: Number.isFinite(p.hydra.lastMarketMs) ? stamp(p.wall.now()) : null },
        ],
      }),
      status: () => {
        const k = p.killSwitch?.record();
        const states = desks()[0]?.book.risk?.states;
        return {
          node: "hydra run",
          mode: "paper",
          startedAtMs: p.startedAtMs,
          uptimeMs: Math.max(0, p.wall.now() - p.startedAtMs),
          tradingStates: ["global", ...p.hydra.desks.keys()].map((scope) => ({
            scope,
            state: states?.effective(scope) ?? "ACTIVE",
          })),
          killSwitch: {
            on: p.killSwitch?.active ?? false,
            reason: k === undefined || k.reason === "" ? null : k.reason,
            who: k === undefined || k.updatedBy === "" ? null : k.updatedBy,
            atMs: k !== undefined && k.updatedAt > 0 ? k.updatedAt : null,
          },
          feeds: [{ feed: p.feed, connected: true, detail: null }],
          bridge: null,
        };
      },
      account: () => {
        const all = desks();
        const sum = (f: (l: (typeof all)[number]["ledger"]) => number) =>
          cents(all.reduce((s, d) => s + f(d.ledger), 0));
        return {
          currency: "USD",
          balance: sum((l) => l.balance),
          equity: sum((l) => l.equity),
          openPnl: sum((l) => l.floatingPnl),
          marginUsed: sum((l) => l.margin),
          freeMargin: sum((l) => l.freeMargin),
          realizedPnlToday: sum((l) => l.today?.realizedPnl ?? 0),
        };
      },
      positions: () =>
        desks().flatMap((d) =>
          d.ledger.positions.map((x) => {
            // marked at the market view's last bid (the desks' quotes are the same ticks)
            const last = p.hydra.histories.find((h) => h.symbol === x.symbol)?.price ?? Number.NaN;
            return positionRow(
              x,
              Number.isFinite(last) ? last : x.openPrice,
              resolveInstrument(x.symbol),
              d.engineId,
              d.ledger.converter.profitRate(d.kernel.instruments.index(x.symbol)),
            );
          }),
        ),
      orders: () => desks().flatMap((d) => d.kernel.openOrders().map((o) => orderRow(o, d.engineId))),
      trades: (q) => pageOf(trades(), q),
      days: () => {
        // the desks' trading days summed (each desk's ledger keeps its own)
        const byDay = new Map<string, { startBalance: number; endEquity: number; trades: number }>();
        for (const d of desks())
          for (const day of d.ledger.days) {
            const t = byDay.get(day.day) ?? { startBalance: 0, endEquity: 0, trades: 0 };
            t.startBalance += day.startBalance;
            t.endEquity += day.endEquity;
            t.trades += day.opened ?? 0;
            byDay.set(day.day, t);
          }
        return [...byDay]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([day, t]) => ({
            day,
            startBalance: cents(t.startBalance),
            endEquity: cents(t.endEquity),
            pnl: cents(t.endEquity - t.startBalance),
            trades: t.trades,
          }));
      },
      challenge: () => null,
      bots: () => {
        const all = trades();
        return desks().map((d) => ({
          name: d.engineId,
          kind: "engine" as const,
          state: p.engines?.state(d.engineId) ?? ("running" as const),
          openPositions: d.ledger.positions.length,
          trades: d.trades.length,
          pnl: cents(all.filter((t) => t.owner === d.engineId).reduce((s, t) => s + t.pnl, 0)),
        }));
      },
      leaderboard: () =>
        p.hydra
          .table()
          .filter((r) => r.rank !== null)
          .map((r) => ({
            rank: r.rank!,
            name: r.engineId,
            kind: "engine" as const,
            score: cents(r.netPnl),
            pnl: cents(r.realizedPnl),
            trades: r.trades,
            winRate: r.winRatePct === null ? null : r.winRatePct / 100,
          })),
      decisions: (q) => pageOf(this.recent, q),
      equity: () => [...this.series],
    };
  }

  control(): NodeControl {
    const p = this.p;
    const said = (what: string, who: string): void => {
      p.controlJournal?.record(p.wall.now(), "hydra run", who, what);
      p.log(operatorLine(p.wall.now(), who, what));
    };
    const engine = (name: string): EngineSwitches => {
      if (p.engines === undefined || p.engines.state(name) === undefined)
        throw new UnknownTargetError("engine", name);
      return p.engines;
    };
    return {
      killSwitch: (on, reason, who) => {
        if (p.killSwitch === undefined) throw new UnknownTargetError("engine", "kill switch (no database)");
        p.killSwitch.set(on, reason, who);
        said(`kill switch ${on ? "on" : "off"} (${reason})`, who);
      },
      pause: (kind, name, who) => {
        if (kind === "bot") throw new UnknownTargetError("bot", name);
        engine(name).pause(name, who);
        said(`pause engine ${name}`, who);
      },
      resume: (kind, name, who) => {
        if (kind === "bot") throw new UnknownTargetError("bot", name);
        engine(name).resume(name, who);
        said(`resume engine ${name}`, who);
      },
      closePosition: (id, who) => {
        const desk = [...p.hydra.desks.values()].find((d) => d.ledger.position(id) !== undefined);
        const x = desk?.ledger.position(id);
        if (desk === undefined || x === undefined) throw new UnknownTargetError("position", id);
        desk.submit({ kind: "close", symbol: x.symbol, positionId: id, tag: "operator" });
        said(`close position ${id}`, who);
      },
      closeAll: (who) => {
        p.hydra.closeAll();
        said("close all positions", who);
      },
      reloadConfig: (who) =>
        said("reload config: nothing to reload (hydra run reads its settings at start)", who),
    };
  }
}
