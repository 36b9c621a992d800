import type { Clock } from "../../core/clock.js";
import { toIsoUtc } from "../../core/time.js";
import {
  type Engine,
  type EngineAnswer,
  type EngineInput,
  isEngineFailure,
  NO_USAGE,
  type NoDecisionCause,
} from "../engine.js";
import { redact } from "./redact.js";

/** closed: the engine is asked; open: it is not; half-open: the next call is a trial. */
export type BreakerState = "closed" | "open" | "half-open";

export type BreakerReason =
  /** the threshold of consecutive failures was reached */
  | "failures"
  /** the backoff is over: the next call is a trial */
  | "backoff-elapsed"
  | "trial-succeeded"
  /** the trial failed: open again with the next, longer backoff */
  | "trial-failed"
  /** pause(): open until resume() */
  | "paused"
  /** resume(): closed, the count and the backoff start again */
  | "resumed";

/** A change of a breaker's state, with the facts the operator is told. */
export interface BreakerTransition {
  engineId: string;
  from: BreakerState;
  to: BreakerState;
  reason: BreakerReason;
  /** consecutive failures counted (those of the trials included) */
  failures: number;
  /** the last counted failure (null: none) */
  cause: NoDecisionCause | null;
  detail: string;
  /** when an open breaker lets a trial call through (epoch ms, the breaker's clock); null otherwise or when paused by command */
  until: number | null;
  /** the breaker's clock at the transition */
  time: number;
}

export interface CircuitBreakerOptions {
  /** decides when a backoff is over: the wall clock for provider outages, the market clock for replays */
  clock: Clock;
  /** consecutive failures (invalid, timeout, error) that open the breaker; default 3 */
  failureThreshold?: number;
  /** the first pause; default 5 min */
  backoffMs?: number;
  /** each failed trial doubles the pause up to this; default 1 h */
  maxBackoffMs?: number;
  /** every transition (the integrator logs it: describeTransition) */
  onTransition?: (t: BreakerTransition) => void;
  /** the key values to redact from a thrown error's message (the pattern-shaped secrets always are) */
  secrets?: readonly string[];
}

/** The longest last-failure detail a paused answer repeats. */
const MAX_DETAIL = 200;

const short = (s: string): string => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s);

/** A transition as one log line. */
export function describeTransition(t: BreakerTransition): string {
  const last = t.cause === null ? "" : ` (last: ${t.cause}: ${short(t.detail)})`;
  const head = `circuit breaker ${t.engineId}: ${t.from} → ${t.to}`;
  switch (t.reason) {
    case "failures":
      return `${head} after ${t.failures} consecutive failures${last}; paused until ${toIsoUtc(t.until ?? t.time)}`;
    case "trial-failed":
      return `${head}: the trial call failed${last}; paused until ${toIsoUtc(t.until ?? t.time)}`;
    case "backoff-elapsed":
      return `${head}: backoff over, one trial call`;
    case "trial-succeeded":
      return `${head}: the trial call succeeded, engine back in the tournament`;
    case "paused":
      return `${head}: paused by command until resumed`;
    case "resumed":
      return `${head}: resumed by command`;
  }
}

/**
 * An engine behind a circuit breaker (any engine, LLM or not): after `failureThreshold` consecutive
 * failures (causes invalid, timeout, error; budget, cutoff and the like are not the engine's failures and
 * neither count nor reset) it is not asked for a backoff of 5 min, doubled after each failed trial up
 * to 1 h, and answers "paused" meanwhile. Once the backoff is over the next call is a trial: a success
 * closes the breaker, a failure opens it again. pause() and resume() are the operator's commands. A
 * thrown error is an "error" answer (redacted), counted like any other.
 */
export class CircuitBreaker implements Engine {
  readonly id: string;
  readonly label: string;
  readonly kind: Engine["kind"];
  private st: BreakerState = "closed";
  private failures = 0;
  private lastCause: NoDecisionCause | null = null;
  private lastDetail = "";
  /** failed trials since the breaker last closed: the backoff's exponent */
  private reopenings = 0;
  private until: number | null = null;
  private trialInFlight = false;
  private readonly threshold: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    readonly inner: Engine,
    private readonly o: CircuitBreakerOptions,
  ) {
    this.id = inner.id;
    this.label = inner.label;
    this.kind = inner.kind;
    this.threshold = o.failureThreshold ?? 3;
    this.backoffMs = o.backoffMs ?? 300_000;
    this.maxBackoffMs = o.maxBackoffMs ?? 3_600_000;
    if (!(Number.isInteger(this.threshold) && this.threshold >= 1))
      throw new RangeError(`failureThreshold must be a positive integer, got ${this.threshold}`);
    if (!(this.backoffMs > 0 && this.maxBackoffMs >= this.backoffMs))
      throw new RangeError(
        `need 0 < backoffMs <= maxBackoffMs, got ${this.backoffMs} and ${this.maxBackoffMs}`,
      );
  }

  get state(): BreakerState {
    return this.st;
  }

  /** consecutive failures counted so far */
  get failureCount(): number {
    return this.failures;
  }

  /** when an open breaker lets a trial through (null: closed, half-open, or paused until resume()) */
  get resumesAt(): number | null {
    return this.until;
  }

  async decide(input: EngineInput, signal: AbortSignal): Promise<EngineAnswer> {
    const now = this.o.clock.now();
    if (this.st === "open" && this.until !== null && now >= this.until)
      this.move("half-open", "backoff-elapsed", null);
    if (this.st === "open" || (this.st === "half-open" && this.trialInFlight)) return this.pausedAnswer();
    const trial = this.st === "half-open";
    if (trial) this.trialInFlight = true;
    let answer: EngineAnswer;
    try {
      answer = await this.ask(input, signal);
    } finally {
      if (trial) this.trialInFlight = false;
    }
    this.observe(answer, trial && this.st === "half-open");
    return answer;
  }

  /** Stops asking the engine until resume(). */
  pause(): void {
    if (this.st === "open" && this.until === null) return;
    this.move("open", "paused", null);
  }

  /** Asks the engine again from the next call: closed, failures and backoff start again. */
  resume(): void {
    if (this.st === "closed") return;
    this.failures = 0;
    this.reopenings = 0;
    this.move("closed", "resumed", null);
  }

  private async ask(input: EngineInput, signal: AbortSignal): Promise<EngineAnswer> {
    const t0 = performance.now();
    try {
      return await this.inner.decide(input, signal);
    } catch (e) {
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return {
        ok: false,
        cause: "error",
        detail: redact(message, this.o.secrets),
        usage: { ...NO_USAGE },
        latencyMs: Math.round(performance.now() - t0),
        raw: "",
      };
    }
  }

  private observe(a: EngineAnswer, trial: boolean): void {
    if (a.ok) {
      this.failures = 0;
      if (trial) {
        this.reopenings = 0;
        this.move("closed", "trial-succeeded", null);
      }
      return;
    }
    if (!isEngineFailure(a.cause)) return;
    this.failures++;
    this.lastCause = a.cause;
    this.lastDetail = a.detail;
    const now = this.o.clock.now();
    if (trial) {
      this.reopenings++;
      this.move("open", "trial-failed", now + this.backoff());
    } else if (this.st === "closed" && this.failures >= this.threshold) {
      this.move("open", "failures", now + this.backoff());
    }
  }

  private backoff(): number {
    return Math.min(this.backoffMs * 2 ** this.reopenings, this.maxBackoffMs);
  }

  private move(to: BreakerState, reason: BreakerReason, until: number | null): void {
    const from = this.st;
    this.st = to;
    this.until = until;
    this.o.onTransition?.({
      engineId: this.id,
      from,
      to,
      reason,
      failures: this.failures,
      cause: this.lastCause,
      detail: this.lastDetail,
      until,
      time: this.o.clock.now(),
    });
  }

  private pausedAnswer(): EngineAnswer {
    const last = this.lastCause === null ? "" : ` (last: ${this.lastCause}: ${short(this.lastDetail)})`;
    const detail =
      this.st === "half-open"
        ? `circuit half-open: a trial call is in flight${last}`
        : this.until === null
          ? `paused by command${last}, resumes on command`
          : `circuit open after ${this.failures} failures${last}, resumes at ${toIsoUtc(this.until)}`;
    return { ok: false, cause: "paused", detail, usage: { ...NO_USAGE }, latencyMs: 0, raw: "" };
  }
}
