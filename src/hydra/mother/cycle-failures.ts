import { type EngineAnswer, isEngineFailure } from "../engine.js";
import { redact } from "../llm/redact.js";
import type { DecisionRecord } from "./hydra-journal.js";

/** The longest detail the line shows per engine. */
const MAX_DETAIL = 80;

const brief = (detail: string): string => {
  const one = redact(detail.replace(/\s+/g, " ").trim());
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL - 1)}…` : one;
};

/**
 * A cycle's engine failures (invalid, timeout, error) as one console line:
 * `cycle 12: 2 of 4 engines failed — deepseek timeout (no answer within 30000 ms), grok error (HTTP 401: …)`;
 * "" when none failed. Engines not asked (budget, paused, stale data) or cut off are not failures and
 * are not listed (the circuit breaker reports its own transitions). From the Mother AI's answers (every
 * engine asked), or from the cycle's decision records with the number of engines asked (an engine that
 * answered with no decision has no record).
 */
export function cycleFailureLine(cycle: number, answers: ReadonlyMap<string, EngineAnswer>): string;
export function cycleFailureLine(cycle: number, records: readonly DecisionRecord[], asked: number): string;
export function cycleFailureLine(
  cycle: number,
  from: ReadonlyMap<string, EngineAnswer> | readonly DecisionRecord[],
  asked?: number,
): string {
  const failed = new Map<string, string>();
  if (from instanceof Map) {
    for (const [id, a] of from as ReadonlyMap<string, EngineAnswer>)
      if (!a.ok && isEngineFailure(a.cause)) failed.set(id, `${id} ${a.cause} (${brief(a.detail)})`);
  } else {
    for (const r of from as readonly DecisionRecord[])
      if (r.cause !== null && isEngineFailure(r.cause) && !failed.has(r.engineId))
        failed.set(r.engineId, `${r.engineId} ${r.cause} (${brief(r.detail)})`);
  }
  if (failed.size === 0) return "";
  const total = Math.max(asked ?? (from instanceof Map ? from.size : failed.size), failed.size);
  return `cycle ${cycle}: ${failed.size} of ${total} engine${total === 1 ? "" : "s"} failed — ${[...failed.values()].join(", ")}`;
}
