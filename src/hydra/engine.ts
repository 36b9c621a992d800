import { z } from "zod";
import type { Bar } from "../model/market-data.js";

/** One engine's decision about one asset, as the zod schema below validates it (LLM output included). */
export const EngineDecisionSchema = z.object({
  action: z.enum(["open", "close", "hold"]),
  asset: z.string().min(1),
  direction: z.enum(["long", "short"]),
  /** expected entry price (the paper trader fills at market; a stale entry is rejected) */
  entry: z.number().positive(),
  stopLoss: z.number().positive(),
  takeProfit: z.number().positive(),
  confidence: z.number().min(0).max(1),
  rationale: z.string().max(2000),
});
export type EngineDecision = z.infer<typeof EngineDecisionSchema>;

export const EngineAnswerSchema = z.object({ decisions: z.array(EngineDecisionSchema).max(10) });

/** One asset in the frozen snapshot a cycle shares with every engine. */
export interface AssetSnapshot {
  symbol: string;
  price: number;
  /** the most recent closed bars, oldest first */
  candles: readonly Bar[];
  indicators: Readonly<Record<string, number>>;
  regime: "low" | "medium" | "high" | "unknown";
}

export interface EnginePortfolio {
  cash: number;
  equity: number;
  positions: ReadonlyArray<{
    asset: string;
    direction: "long" | "short";
    volume: number;
    entry: number;
    stopLoss: number | null;
    takeProfit: number | null;
    pnl: number;
  }>;
}

/** What an engine is asked with: the same market for all, its own portfolio and lessons. */
export interface EngineInput {
  cycle: number;
  time: number;
  assets: readonly AssetSnapshot[];
  portfolio: EnginePortfolio;
  lessons: readonly string[];
  /** the rendered prompt (versioned template) and its hash, stored with the decision */
  prompt: string;
  promptHash: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * Why an engine gave no decision: its answer broke the schema ("invalid"), came too late ("timeout"), the
 * call failed ("error"); or it was not asked — its daily budget is spent ("budget"), the cycle was cut off
 * ("cutoff"), its circuit breaker has paused it after repeated failures ("paused"), or the prices of the
 * assets it would be asked about are stale ("stale-data": the Mother AI does not ask about them).
 */
export const NO_DECISION_CAUSES = [
  "invalid",
  "timeout",
  "error",
  "budget",
  "cutoff",
  "paused",
  "stale-data",
] as const;
export type NoDecisionCause = (typeof NO_DECISION_CAUSES)[number];

const ENGINE_FAILURES: ReadonlySet<NoDecisionCause> = new Set(["invalid", "timeout", "error"]);
/** Whether a cause says the engine itself failed (invalid, timeout, error): the circuit breaker counts those; the others are not its fault. */
export const isEngineFailure = (cause: NoDecisionCause): boolean => ENGINE_FAILURES.has(cause);

/**
 * An engine's answer. A failure is recorded as a failure ("no decision" with its cause), never
 * replaced by a default decision.
 */
export type EngineAnswer =
  | { ok: true; decisions: EngineDecision[]; usage: Usage; latencyMs: number; raw: string }
  | { ok: false; cause: NoDecisionCause; detail: string; usage: Usage; latencyMs: number; raw: string };

export interface Engine {
  /** stable id, e.g. "deepseek", "claude", "grok", "gemini", "offline-momentum" */
  readonly id: string;
  /** what a table shows; offline engines say they are not LLMs */
  readonly label: string;
  readonly kind: "llm" | "offline";
  decide(input: EngineInput, signal: AbortSignal): Promise<EngineAnswer>;
}

export const NO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
