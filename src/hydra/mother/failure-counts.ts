import { isEngineFailure, NO_DECISION_CAUSES, type NoDecisionCause } from "../engine.js";
import type { DecisionRecord } from "./hydra-journal.js";

export type CauseCounts = Readonly<Record<NoDecisionCause, number>>;

const zeros = (): Record<NoDecisionCause, number> =>
  Object.fromEntries(NO_DECISION_CAUSES.map((c) => [c, 0])) as Record<NoDecisionCause, number>;

/** The no-decisions of a run per engine and cause, for the console and the tournament table. */
export class FailureCounts {
  private readonly counts = new Map<string, Record<NoDecisionCause, number>>();

  record(engineId: string, cause: NoDecisionCause): void {
    const c = this.counts.get(engineId) ?? zeros();
    c[cause]++;
    this.counts.set(engineId, c);
  }

  /** a cycle's decision records: each one with a cause (one per engine without a decision) */
  recordCycle(records: ReadonlyArray<Pick<DecisionRecord, "engineId" | "cause">>): void {
    for (const r of records) if (r.cause !== null) this.record(r.engineId, r.cause);
  }

  /** every cause's count (zeros for an engine never recorded) */
  get(engineId: string): CauseCounts {
    return { ...(this.counts.get(engineId) ?? zeros()) };
  }

  /** the engine's own failures: invalid, timeout, error */
  failures(engineId: string): number {
    const c = this.get(engineId);
    return NO_DECISION_CAUSES.filter(isEngineFailure).reduce((n, cause) => n + c[cause], 0);
  }

  /** the causes seen, for a table cell: "timeout 3, error 1" ("" when none) */
  summary(engineId: string): string {
    const c = this.get(engineId);
    return NO_DECISION_CAUSES.filter((cause) => c[cause] > 0)
      .map((cause) => `${cause} ${c[cause]}`)
      .join(", ");
  }
}
