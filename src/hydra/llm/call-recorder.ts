import { createHash } from "node:crypto";
import { z } from "zod";
import { type EngineAnswer, EngineDecisionSchema, NO_DECISION_CAUSES } from "../engine.js";

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** What, besides the prompt, decides an answer: a replay matches on these. */
export interface LlmCallParams {
  provider: string;
  model: string;
  temperature: number;
  maxOutputTokens: number;
  schemaHash: string;
}

/** A stable hash of the parameters (keys in a fixed order). */
export const paramsHash = (p: LlmCallParams): string =>
  sha256(JSON.stringify([p.provider, p.model, p.temperature, p.maxOutputTokens, p.schemaHash]));

/** One LLM call, ok or not: enough to audit it and to replay its answer bit for bit. */
export interface LlmCallRecord {
  engineId: string;
  model: string;
  promptHash: string;
  schemaHash: string;
  paramsHash: string;
  params: LlmCallParams;
  /** the engine's answer as returned: raw text, parsed decisions or the cause, usage (tokens, cost), latency */
  answer: EngineAnswer;
  /** when the call started (epoch ms, from the engine's clock) */
  time: number;
}

export interface LlmCallStore {
  record(call: LlmCallRecord): void;
  /** the latest call with that engine, prompt and parameters */
  find(engineId: string, promptHash: string, paramsHash: string): LlmCallRecord | undefined;
}

const UsageSchema = z.object({
  inputTokens: z.number().min(0),
  outputTokens: z.number().min(0),
  costUsd: z.number().min(0),
});

const AnswerSchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    decisions: z.array(EngineDecisionSchema),
    usage: UsageSchema,
    latencyMs: z.number().min(0),
    raw: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    cause: z.enum(NO_DECISION_CAUSES),
    detail: z.string(),
    usage: UsageSchema,
    latencyMs: z.number().min(0),
    raw: z.string(),
  }),
]);

/** Validates a stored record (a JSONL line, say) at the boundary. */
export const LlmCallRecordSchema = z.object({
  engineId: z.string().min(1),
  model: z.string().min(1),
  promptHash: z.string().min(1),
  schemaHash: z.string().min(1),
  paramsHash: z.string().min(1),
  params: z.object({
    provider: z.string(),
    model: z.string(),
    temperature: z.number(),
    maxOutputTokens: z.number(),
    schemaHash: z.string(),
  }),
  answer: AnswerSchema,
  time: z.number(),
});

export const callKey = (engineId: string, promptHash: string, paramsHash: string): string =>
  `${engineId}\u0000${promptHash}\u0000${paramsHash}`;

/** Keeps the calls in memory (tests, short runs). */
export class InMemoryLlmCallStore implements LlmCallStore {
  private readonly calls: LlmCallRecord[] = [];
  private readonly latest = new Map<string, LlmCallRecord>();

  record(call: LlmCallRecord): void {
    const copy = structuredClone(call);
    this.calls.push(copy);
    this.latest.set(callKey(call.engineId, call.promptHash, call.paramsHash), copy);
  }

  find(engineId: string, promptHash: string, paramsHash: string): LlmCallRecord | undefined {
    const r = this.latest.get(callKey(engineId, promptHash, paramsHash));
    return r === undefined ? undefined : structuredClone(r);
  }

  all(): LlmCallRecord[] {
    return structuredClone(this.calls);
  }
}
