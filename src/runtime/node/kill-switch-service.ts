import type { Clock } from "../../core/clock.js";
import { SqliteKillSwitchStore } from "../../persistence/sqlite-kill-switch-store.js";
import { SqliteProcessRegistry } from "../../persistence/sqlite-process-registry.js";
import { KillSwitch } from "../../risk/kill-switch/kill-switch.js";
import type { Env, KillSwitchMode } from "../../risk/kill-switch/kill-switch-env.js";
import type { KillSwitchRecord } from "../../risk/kill-switch/kill-switch-store.js";
import type { TradingStates } from "../../risk/trading-state.js";

export interface KillSwitchServiceOptions {
  /** the shared database (guardian_state and node_processes are created there when missing) */
  dbPath: string;
  /** the command, as `hydra kill-switch status` lists it */
  name: string;
  env: Env;
  /** every trading state the switch halts (one per book: each engine desk has its own) */
  states: readonly TradingStates[];
  /** wall clock: polls and heartbeats are wall-time events */
  wall: Clock;
  /** market clock: the time a trading-state change carries (the wall clock when absent) */
  market?: Clock;
  mode?: KillSwitchMode;
  pollMs?: number;
  onActivate?: (mode: KillSwitchMode, reason: string) => void;
  log: (line: string) => void;
}

/**
 * The kill switch as every long-running process runs it: KILL_SWITCH and the shared guardian_state
 * polled every 500 ms (wall time), each poll recorded in node_processes so that operators can see which
 * processes honour it, and the process removed from that list when it stops.
 */
export class KillSwitchService {
  readonly switches: KillSwitch[];
  private readonly store: SqliteKillSwitchStore;
  private readonly registry: SqliteProcessRegistry;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastError = "";

  constructor(private readonly opts: KillSwitchServiceOptions) {
    this.store = SqliteKillSwitchStore.open(opts.dbPath);
    this.registry = SqliteProcessRegistry.open(opts.dbPath);
    let announced = false;
    this.switches = opts.states.map(
      (states) =>
        new KillSwitch({
          store: this.store,
          states,
          env: opts.env,
          mode: opts.mode ?? "close",
          onActivate: (mode, reason) => {
            if (!announced) opts.log(`${reason}: trading halted`);
            announced = true;
            opts.onActivate?.(mode, reason);
          },
          onError: (e) => this.report(e),
        }),
    );
  }

  get active(): boolean {
    return this.switches.some((s) => s.status().active);
  }

  /** The shared switch's record (who set it, when, why). */
  record(): KillSwitchRecord {
    return this.store.read();
  }

  /** Sets the shared switch (every node on the database follows within a poll), then polls at once. */
  set(on: boolean, reason: string, by: string): void {
    this.store.write(on, reason, this.opts.wall.now(), by);
    this.poll();
  }

  start(): void {
    const now = this.opts.wall.now();
    this.registry.register({
      pid: process.pid,
      name: this.opts.name,
      startedAt: now,
      lastPollAt: now,
      halted: false,
    });
    this.poll();
    this.timer = setInterval(() => this.poll(), this.opts.pollMs ?? 500);
    this.timer.unref();
  }

  poll(): void {
    const now = this.opts.wall.now();
    const marketNow = this.opts.market?.now() ?? now;
    for (const s of this.switches) s.poll(marketNow);
    try {
      this.registry.heartbeat(process.pid, now, this.active);
    } catch (e) {
      this.report(e);
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.registry.unregister(process.pid);
    } catch (e) {
      this.report(e);
    }
    this.registry.close();
    this.store.close();
  }

  private report(e: unknown): void {
    const msg = e instanceof Error ? e.message : String(e);
    if (msg !== this.lastError) this.opts.log(`kill switch: ${msg}`);
    this.lastError = msg;
  }
}

/**
 * The kill switch of one book, as `paper` and `trade` run it: none without a database; it halts the
 * book's trading states and, in kill mode `close`, flattens the book.
 */
export function bookKillSwitch(o: {
  dbPath: string | undefined;
  name: string;
  env: Env | undefined;
  states: TradingStates;
  wall: Clock;
  market: Clock;
  killMode: KillSwitchMode | undefined;
  book: { closeAll(): void };
  log: (line: string) => void;
}): KillSwitchService | undefined {
  if (o.dbPath === undefined) return undefined;
  return new KillSwitchService({
    dbPath: o.dbPath,
    name: o.name,
    env: o.env ?? {},
    states: [o.states],
    wall: o.wall,
    market: o.market,
    mode: o.killMode ?? "freeze",
    onActivate: (mode) => {
      if (mode === "close") o.book.closeAll();
    },
    log: o.log,
  });
}
