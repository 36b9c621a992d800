import type { Clock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import type { TradingStates } from "../trading-state.js";
import { type Env, type KillSwitchMode, killSwitchFromEnv, killSwitchMode } from "./kill-switch-env.js";
import { type KillSwitchRecord, type KillSwitchStore, NEVER_SET } from "./kill-switch-store.js";

/** setInterval/clearInterval, injectable so tests drive the timer themselves. */
export interface IntervalTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const nodeIntervalTimer: IntervalTimer = {
  set: (fn, ms) => setInterval(fn, ms).unref(),
  clear: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export interface KillSwitchOptions {
  store: KillSwitchStore;
  states: TradingStates;
  /** the process environment (pass process.env); only KILL_SWITCH is read, once, at construction */
  env?: Env;
  /** from config: "freeze" (default) halts new trading; "close" also asks the caller to flatten */
  mode?: string;
  /** called once each time the switch trips, after the global state went HALTED */
  onActivate?: (mode: KillSwitchMode, reason: string) => void;
  /** store read failures (the last known store value stays in force) and, under start(), callback errors */
  onError?: (error: unknown) => void;
  scope?: string;
  /**
   * a store that cannot be read halts trading until it can be read again (a database on the network:
   * a node that cannot see the shared switch must not trade blind); otherwise the last value stays
   */
  haltWhenUnreadable?: boolean;
}

export interface KillSwitchStatus {
  active: boolean;
  env: boolean;
  store: KillSwitchRecord;
  reason: string;
  /** the last store read failed (the previous record is kept) */
  storeError: unknown;
}

/**
 * The kill switch: on when the KILL_SWITCH environment flag or the shared store says so. Each poll reads
 * the store; a change moves the global trading state (HALTED / ACTIVE) and, on tripping, calls onActivate.
 */
export class KillSwitch {
  readonly mode: KillSwitchMode;
  private readonly envActive: boolean;
  private readonly scope: string;
  private record: KillSwitchRecord = { ...NEVER_SET };
  private active: boolean | undefined;
  private storeError: unknown;
  private timer: { handle: unknown; timers: IntervalTimer } | undefined;

  constructor(private readonly opts: KillSwitchOptions) {
    this.envActive = killSwitchFromEnv(opts.env ?? {});
    this.mode = killSwitchMode(opts.mode);
    this.scope = opts.scope ?? "global";
  }

  /** Reads the store, applies a change to the trading states and returns whether the switch is on. */
  poll(nowMs: number): boolean {
    let failure: unknown;
    try {
      this.record = this.opts.store.read();
      this.storeError = undefined;
    } catch (e) {
      failure = this.storeError = e;
    }
    const unreadable = failure !== undefined && this.opts.haltWhenUnreadable === true;
    const active = this.envActive || this.record.active || unreadable;
    const was = this.active;
    this.active = active;
    if (active && was !== true) {
      const reason = this.reason();
      this.opts.states.set(this.scope, "HALTED", reason, nowMs, "kill-switch");
      this.opts.onActivate?.(this.mode, reason);
    } else if (!active && was === true && this.opts.states.owner(this.scope) === "kill-switch") {
      // only lift a halt the kill switch made: a guardian's kill stays until an operator lifts it
      this.opts.states.set(this.scope, "ACTIVE", "kill switch off", nowMs, "kill-switch");
    }
    if (failure !== undefined) {
      if (this.opts.onError === undefined) throw failure;
      this.opts.onError(failure);
    }
    return active;
  }

  status(): KillSwitchStatus {
    return {
      active: this.active === true,
      env: this.envActive,
      store: { ...this.record },
      reason: this.active ? this.reason() : "",
      storeError: this.storeError,
    };
  }

  /** Polls now and then every intervalMs (the timer does not keep the process alive). */
  start(clock: Clock, intervalMs = 500, timers: IntervalTimer = nodeIntervalTimer): void {
    if (this.timer !== undefined) throw new HydraError("CONFIG_INVALID", "kill switch: already started");
    if (!Number.isFinite(intervalMs) || intervalMs <= 0)
      throw new HydraError("CONFIG_INVALID", `kill switch: poll interval must be > 0 ms, got ${intervalMs}`, {
        field: "intervalMs",
      });
    this.poll(clock.now());
    const tick = (): void => {
      try {
        this.poll(clock.now());
      } catch (e) {
        this.storeError = e;
        this.opts.onError?.(e);
      }
    };
    this.timer = { handle: timers.set(tick, intervalMs), timers };
  }

  stop(): void {
    if (this.timer === undefined) return;
    this.timer.timers.clear(this.timer.handle);
    this.timer = undefined;
  }

  private reason(): string {
    const parts: string[] = [];
    if (this.envActive) parts.push("env KILL_SWITCH");
    if (this.storeError !== undefined && this.opts.haltWhenUnreadable === true) {
      const why = this.storeError instanceof Error ? this.storeError.message : String(this.storeError);
      parts.push(`its store cannot be read: ${why}`);
    }
    if (this.record.active) {
      const by = this.record.updatedBy === "" ? "" : ` by ${this.record.updatedBy}`;
      const why = this.record.reason === "" ? "" : `: ${this.record.reason}`;
      parts.push(`store${by}${why}`);
    }
    return `kill switch on (${parts.join("; ")})`;
  }
}
