import type { EngineAnswer } from "../engine.js";

/**
 * One engine asked in one cycle and what came of it: one per engine per cycle, however many decisions
 * the answer held (an answer with none leaves no decision record, so the asks are kept on their own).
 */
export interface EngineAsk {
  cycle: number;
  /** the cycle's market time (epoch ms) */
  time: number;
  engineId: string;
  /** null: it answered; otherwise why not (timeout, invalid, error, budget, cutoff, …) */
  cause: string | null;
  decisions: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
}

/** The asks of one cycle, from the answers the Mother AI collected (one per engine asked). */
export function asksOfCycle(
  cycle: number,
  time: number,
  answers: ReadonlyMap<string, EngineAnswer>,
): EngineAsk[] {
  return [...answers].map(([engineId, a]) => ({
    cycle,
    time,
    engineId,
    cause: a.ok ? null : a.cause,
    decisions: a.ok ? a.decisions.length : 0,
    inputTokens: a.usage.inputTokens,
    outputTokens: a.usage.outputTokens,
    costUsd: a.usage.costUsd,
    latencyMs: a.latencyMs,
  }));
}

/** One engine's asks summed up. */
export interface AskTally {
  asked: number;
  answered: number;
  failed: number;
  /** the failures by cause, e.g. { timeout: 2, invalid: 1 } */
  failedByCause: Readonly<Record<string, number>>;
  /** over every ask, failures included (a timeout counts its wait) */
  avgLatencyMs: number | null;
  costUsd: number;
}

/** Each engine's tally, by engine id. */
export function tallyAsks(asks: readonly EngineAsk[]): Map<string, AskTally> {
  const acc = new Map<string, { t: AskTally; causes: Record<string, number>; latency: number }>();
  for (const a of asks) {
    let e = acc.get(a.engineId);
    if (e === undefined) {
      const causes: Record<string, number> = {};
      e = {
        t: { asked: 0, answered: 0, failed: 0, failedByCause: causes, avgLatencyMs: null, costUsd: 0 },
        causes,
        latency: 0,
      };
      acc.set(a.engineId, e);
    }
    e.t.asked++;
    if (a.cause === null) e.t.answered++;
    else {
      e.t.failed++;
      e.causes[a.cause] = (e.causes[a.cause] ?? 0) + 1;
    }
    e.latency += a.latencyMs;
    e.t.costUsd += a.costUsd;
  }
  return new Map(
    [...acc].map(([id, e]) => [id, { ...e.t, avgLatencyMs: e.t.asked > 0 ? e.latency / e.t.asked : null }]),
  );
}
