import type { AlertSink } from "../../alerts/alert.js";
import { toIsoUtc } from "../../core/time.js";
import type { TradingStateChange } from "../../risk/trading-state.js";

/** an order whose outcome is still unknown after this much wall time is an alert */
const ORDER_UNKNOWN_MS = 10_000;

const c2 = (x: number): number => Math.round(x * 100) / 100;

/** What a node looks like now, as the watch samples it (once a second of wall time). */
export interface WatchSample {
  /** market time of the sample (the broker's in live mode) */
  marketMs: number;
  /** wall time of the sample */
  wallMs: number;
  killSwitch?: { on: boolean; reason: string; by: string; atWallMs: number };
  /** the day's loss room per scope (the prop-firm account, a guardian's desk) */
  dailyLoss?: ReadonlyArray<{ scope: string; day: string; start: number; floor: number; equity: number }>;
  challenge?: {
    program: string;
    status: "active" | "passed" | "failed";
    rule: string | null;
    atMarketMs: number | null;
    equity: number | null;
    floor: number | null;
    target: number;
  };
  bridgeUp?: boolean;
  /** the bridge's event stream (ticks, heartbeats) */
  eventStream?: { alive: boolean; why: string };
  /** per symbol: wall time of its last tick, and whether its session is open now (market time) */
  ticks?: ReadonlyArray<{ symbol: string; lastTickWallMs: number; sessionOpen: boolean }>;
  /** the assets a live feed calls stale now, and why (its own threshold) */
  stale?: ReadonlyArray<{ symbol: string; why: string }>;
  /** the orders whose outcome at the broker is not known yet */
  inFlight?: readonly string[];
  /** the engines whose circuit breaker is open, and whose budget is spent */
  breakersOpen?: readonly string[];
  budgetsSpent?: readonly string[];
  /** the day (market time, in the node's day zone) and its figures so far, for the day's summary */
  day?: { key: string; facts: Record<string, number | string> };
}

/**
 * Turns a node's samples and events into alerts, once per episode: an alert is raised when a
 * condition starts (the kill switch goes on, the bridge stops answering, a symbol falls silent in its
 * session) and, where the operator needs to know, when it ends. Each alert's key names its episode, so
 * a restarted node that sees the same state again raises nothing new.
 */
export class AlertWatch {
  private prev: WatchSample | undefined;
  private readonly lossLevels = new Map<string, number>();
  private readonly silent = new Set<string>();
  private readonly inFlightSince = new Map<string, number>();
  private bridgeDownSince = 0;
  private streamDeadSince = 0;

  constructor(
    private readonly sink: AlertSink,
    /** the node and its run on the database ("ftmo:R3"): keys of episodes only this run can see */
    private readonly run: string,
    /** a symbol silent this long (wall seconds) in its session is an alert */
    private readonly noTicksS = 60,
  ) {}

  started(facts: Record<string, string | number | boolean>): void {
    this.sink.raise("node-started", `node-started:${this.run}`, facts);
  }

  /** the previous run on this database did not stop (it crashed, was killed, lost power) */
  crashed(previous: { run: string; startedAtWallMs: number }): void {
    this.sink.raise("restart-after-crash", `restart-after-crash:${previous.run}`, {
      previousRun: previous.run,
      previousStart: toIsoUtc(previous.startedAtWallMs),
      thisRun: this.run,
    });
  }

  stateChanged(c: TradingStateChange): void {
    if (c.to !== "HALTED" || c.by === "kill-switch") return;
    this.sink.raise(
      "guardian-halt",
      `guardian-halt:${c.scope}:${Math.round(c.time)}`,
      { scope: c.scope, by: c.by, reason: c.reason, from: c.from },
      c.time,
    );
  }

  botDisabled(bot: string, detail: string, marketMs: number): void {
    this.sink.raise("bot-disabled", `bot-disabled:${this.run}:${bot}`, { bot, detail }, marketMs);
  }

  reconcileMismatch(found: Record<string, number>, marketMs: number, wallMs: number): void {
    this.sink.raise(
      "reconcile-mismatch",
      `reconcile-mismatch:${this.run}:${Math.round(wallMs)}`,
      { ...found },
      marketMs,
    );
  }

  sample(s: WatchSample): void {
    const p = this.prev;
    const m = s.marketMs;
    if (s.killSwitch !== undefined && s.killSwitch.on !== (p?.killSwitch?.on ?? false)) {
      const k = s.killSwitch;
      const at = k.atWallMs > 0 ? String(Math.round(k.atWallMs)) : `env:${this.run}`;
      if (k.on)
        this.sink.raise(
          "kill-switch-on",
          `kill-switch-on:${at}`,
          { reason: k.reason || "n/a", by: k.by || "n/a" },
          m,
        );
      else if (p !== undefined)
        this.sink.raise("kill-switch-off", `kill-switch-off:${at}`, { by: k.by || "n/a" }, m);
    }
    for (const d of s.dailyLoss ?? []) {
      const room = d.start - d.floor;
      if (!(room > 0)) continue;
      const used = Math.max(0, (d.start - d.equity) / room);
      const level = used >= 0.8 ? 80 : used >= 0.5 ? 50 : 0;
      const k = `${d.scope}:${d.day}`;
      if (level > (this.lossLevels.get(k) ?? 0)) {
        this.lossLevels.set(k, level);
        this.sink.raise(
          level === 80 ? "daily-loss-80" : "daily-loss-50",
          `daily-loss-${level}:${k}`,
          {
            scope: d.scope,
            day: d.day,
            usedPct: Math.round(used * 1000) / 10,
            equity: c2(d.equity),
            floor: c2(d.floor),
            roomLeft: c2(d.equity - d.floor),
          },
          m,
        );
      }
    }
    const ch = s.challenge;
    if (ch !== undefined && ch.status !== "active" && ch.status !== p?.challenge?.status) {
      const facts = {
        program: ch.program,
        rule: ch.rule,
        at: ch.atMarketMs === null ? null : `${toIsoUtc(ch.atMarketMs)} (market)`,
        equity: ch.equity === null ? null : c2(ch.equity),
        floor: ch.floor === null ? null : c2(ch.floor),
        target: c2(ch.target),
      };
      this.sink.raise(
        ch.status === "failed" ? "challenge-failed" : "challenge-passed",
        `challenge-${ch.status}:${ch.program}:${ch.atMarketMs ?? this.run}`,
        facts,
        ch.atMarketMs ?? m,
      );
    }
    if (s.bridgeUp === false && (p?.bridgeUp ?? true)) {
      this.bridgeDownSince = s.wallMs;
      this.sink.raise(
        "bridge-down",
        `bridge-down:${this.run}:${Math.round(s.wallMs)}`,
        { since: `${toIsoUtc(s.wallMs)} (wall)` },
        m,
      );
    } else if (s.bridgeUp === true && p?.bridgeUp === false)
      this.sink.raise(
        "bridge-up",
        `bridge-up:${this.run}:${Math.round(s.wallMs)}`,
        { downForS: Math.round((s.wallMs - this.bridgeDownSince) / 1000) },
        m,
      );
    if (s.eventStream !== undefined && !s.eventStream.alive && (p?.eventStream?.alive ?? true)) {
      this.streamDeadSince = s.wallMs;
      this.sink.raise(
        "heartbeat-lost",
        `heartbeat-lost:${this.run}:${Math.round(this.streamDeadSince)}`,
        { why: s.eventStream.why },
        m,
      );
    }
    for (const t of s.ticks ?? []) {
      const silentS = (s.wallMs - t.lastTickWallMs) / 1000;
      const silent = t.sessionOpen && Number.isFinite(t.lastTickWallMs) && silentS >= this.noTicksS;
      if (silent && !this.silent.has(t.symbol))
        this.sink.raise(
          "no-ticks",
          `no-ticks:${this.run}:${t.symbol}:${Math.round(t.lastTickWallMs)}`,
          {
            symbol: t.symbol,
            silentS: Math.round(silentS),
            lastTick: `${toIsoUtc(t.lastTickWallMs)} (wall)`,
          },
          m,
        );
      if (silent) this.silent.add(t.symbol);
      else this.silent.delete(t.symbol);
    }
    for (const t of s.stale ?? [])
      if (!(p?.stale ?? []).some((x) => x.symbol === t.symbol))
        this.sink.raise(
          "no-ticks",
          `no-ticks:${this.run}:${t.symbol}:${Math.round(s.wallMs)}`,
          { symbol: t.symbol, why: t.why },
          m,
        );
    // an order still unknown after ORDER_UNKNOWN_MS of wall time (a reply lost, the bridge gone)
    for (const id of s.inFlight ?? []) {
      const since = this.inFlightSince.get(id) ?? s.wallMs;
      this.inFlightSince.set(id, since);
      if (s.wallMs - since >= ORDER_UNKNOWN_MS && since !== -1) {
        this.sink.raise(
          "order-unknown",
          `order-unknown:${id}`,
          { order: id, unknownForS: Math.round((s.wallMs - since) / 1000) },
          m,
        );
        this.inFlightSince.set(id, -1);
      }
    }
    for (const id of [...this.inFlightSince.keys()])
      if (!(s.inFlight ?? []).includes(id)) this.inFlightSince.delete(id);
    for (const e of s.breakersOpen ?? [])
      if (!(p?.breakersOpen ?? []).includes(e))
        this.sink.raise(
          "breaker-open",
          `breaker-open:${this.run}:${e}:${Math.round(s.wallMs)}`,
          { engine: e },
          m,
        );
    for (const e of s.budgetsSpent ?? [])
      if (!(p?.budgetsSpent ?? []).includes(e))
        this.sink.raise("budget-spent", `budget-spent:${this.run}:${e}`, { engine: e }, m);
    if (s.day !== undefined && p?.day !== undefined && s.day.key !== p.day.key)
      this.sink.raise(
        "daily-summary",
        `daily-summary:${this.run.split(":")[0]}:${p.day.key}`,
        { day: p.day.key, ...p.day.facts },
        m,
      );
    this.prev = s;
  }
}
