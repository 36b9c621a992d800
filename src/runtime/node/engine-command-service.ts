import type { Clock } from "../../core/clock.js";
import { toIsoUtc } from "../../core/time.js";
import type { EngineCommandStore } from "../../persistence/engine-command-store.js";
import type { Env } from "../../risk/kill-switch/kill-switch-env.js";
import { openEngineCommands } from "./shared-stores.js";

/** An engine the operator can pause and resume (its circuit breaker). */
interface PausableEngine {
  readonly id: string;
  pause(): void;
  resume(): void;
}

export interface EngineCommandServiceOptions {
  dbPath: string;
  /** HYDRA_DB_URL (PostgreSQL: the commands of this node's id there) and HYDRA_NODE_ID */
  env: Env;
  engines: readonly PausableEngine[];
  wall: Clock;
  log: (line: string) => void;
  /** wall ms between two looks at the journal (default 500) */
  pollMs?: number;
}

/**
 * Applies the operator's `hydra engine pause|resume` commands to a running node's engines within a
 * second, noting in the journal when and how each was applied. A command asked before this run started
 * is not applied (it was meant for a run that is gone): it is noted as such.
 */
export class EngineCommandService {
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt: number;
  private store: EngineCommandStore | undefined;
  /** the last failure said (a database away is said once, not at every look) */
  private failing: string | undefined;

  constructor(private readonly o: EngineCommandServiceOptions) {
    this.startedAt = o.wall.now();
  }

  start(): void {
    this.store = openEngineCommands(this.o.dbPath, this.o.env, this.o.wall.now());
    this.apply();
    this.timer = setInterval(() => this.apply(), this.o.pollMs ?? 500);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.apply();
    this.store?.close();
    this.store = undefined;
  }

  private apply(): void {
    const store = this.store;
    if (store === undefined) return;
    try {
      for (const c of store.pending()) {
        const now = this.o.wall.now();
        const engine = this.o.engines.find((e) => e.id === c.engine);
        let outcome: string;
        if (Date.parse(c.requestedWall) < this.startedAt - 1000)
          outcome = "not applied: asked before this run";
        else if (engine === undefined) outcome = `not applied: no engine "${c.engine}" in this run`;
        else {
          if (c.action === "pause") engine.pause();
          else engine.resume();
          outcome = c.action === "pause" ? "paused" : "resumed";
        }
        store.applied(c.id, now, outcome);
        this.o.log(
          `${toIsoUtc(now)} (wall) operator: ${c.action} ${c.engine} (asked by ${c.requestedBy} at ${c.requestedWall}): ${outcome}`,
        );
      }
      if (this.failing !== undefined) this.o.log("engine commands: the store answers again");
      this.failing = undefined;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      if (why !== this.failing) this.o.log(`engine commands: ${why}`);
      this.failing = why;
    }
  }
}
