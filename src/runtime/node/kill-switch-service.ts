import type { Clock } from "../../core/clock.js";
import { KillSwitch } from "../../risk/kill-switch/kill-switch.js";
import type { Env, KillSwitchMode } from "../../risk/kill-switch/kill-switch-env.js";
import { type KillSwitchRecord, NEVER_SET } from "../../risk/kill-switch/kill-switch-store.js";
import type { TradingStates } from "../../risk/trading-state.js";
import { openSharedStores, type SharedStores } from "./shared-stores.js";

export interface KillSwitchServiceOptions {
  /**
   * the shared SQLite database (guardian_state and node_processes are created there when missing);
   * HYDRA_DB_URL in `env` puts them in PostgreSQL instead
   */
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
  private readonly shared: SharedStores;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastError = "";
  /** the last poll could not read the shared switch */
  private unreadable = false;

  constructor(private readonly opts: KillSwitchServiceOptions) {
    this.shared = openSharedStores(opts.dbPath, opts.env, opts.wall.now());
    // a database on the network that cannot be read halts trading: the switch may be on there
    const haltWhenUnreadable = this.shared.backend === "postgres";
    let announced = false;
    this.switches = opts.states.map(
      (states) =>
        new KillSwitch({
          store: this.shared.killSwitch,
          haltWhenUnreadable,
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

  /**
   * The shared switch's record (who set it, when, why) as the last poll read it: at most a poll old,
   * and still there while the database cannot be read.
   */
  record(): KillSwitchRecord {
    return this.switches[0]?.status().store ?? { ...NEVER_SET };
  }

  /**
   * Why the switch is on when it is because its store cannot be read (the database is away); undefined
   * otherwise (then the record says who set it and why).
   */
  unreadableReason(): string | undefined {
    const s = this.switches[0]?.status();
    return s?.active === true && s.storeError !== undefined ? s.reason : undefined;
  }

  /** Sets the shared switch (every node on the database follows within a poll), then polls at once. */
  set(on: boolean, reason: string, by: string): void {
    this.shared.killSwitch.write(on, reason, this.opts.wall.now(), by);
    this.poll();
  }

  start(): void {
    const now = this.opts.wall.now();
    this.shared.registry.register({
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
    const unreadable = this.switches.some((s) => s.status().storeError !== undefined);
    if (this.unreadable && !unreadable && this.shared.backend === "postgres") {
      this.opts.log("kill switch: the database answers again (trading resumes unless the switch is on)");
      this.lastError = "";
    }
    this.unreadable = unreadable;
    try {
      this.shared.registry.heartbeat(process.pid, now, this.active);
    } catch (e) {
      this.report(e);
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.shared.registry.unregister(process.pid);
    } catch (e) {
      this.report(e);
    }
    this.shared.close();
  }

  private haltNote(): string {
    return this.shared.backend === "postgres" ? " (trading halted until the database answers again)" : "";
  }

  private report(e: unknown): void {
    const msg = e instanceof Error ? e.message : String(e);
    if (msg !== this.lastError) this.opts.log(`kill switch: ${msg}${this.haltNote()}`);
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
