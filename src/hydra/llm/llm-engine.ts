import {
  APICallError,
  generateText,
  type LanguageModel,
  type LanguageModelUsage,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  Output,
  RetryError,
} from "ai";
import { type Clock, LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import {
  type Engine,
  type EngineAnswer,
  EngineAnswerSchema,
  type EngineInput,
  NO_USAGE,
  type NoDecisionCause,
  type Usage,
} from "../engine.js";
import {
  ANSWER_JSON_SCHEMA,
  ANSWER_SCHEMA_HASH,
  SYSTEM_PROMPT,
  schemaUnions,
  systemPromptWithSchema,
} from "./answer-schema.js";
import { DailyBudget } from "./budget.js";
import { type LlmCallParams, type LlmCallStore, paramsHash } from "./call-recorder.js";
import type { LlmEngineConfig, Pricing } from "./llm-config.js";
import { createLanguageModel, type Env } from "./provider-factory.js";

export interface LlmEngineDeps {
  /** where the API key is read (config.apiKeyEnv); ignored when `model` is given */
  env?: Env;
  /** every call is recorded here, ok or not */
  store: LlmCallStore;
  /** shared by the engines of a process so the daily counters survive engine rebuilds */
  budget?: DailyBudget;
  /** the budget's UTC day and the record's time */
  clock?: Clock;
  /** a ready model (the SDK's MockLanguageModelV3 in tests) instead of one built from the config */
  model?: LanguageModel;
}

/** The parameters a call is recorded and replayed under. */
export const callParams = (c: LlmEngineConfig): LlmCallParams => ({
  provider: c.provider,
  model: c.model,
  temperature: c.temperature,
  maxOutputTokens: c.maxOutputTokens,
  schemaHash: ANSWER_SCHEMA_HASH,
});

export const costUsd = (inputTokens: number, outputTokens: number, p: Pricing): number =>
  (inputTokens * p.inputPerMTok + outputTokens * p.outputPerMTok) / 1_000_000;

export function toUsage(u: LanguageModelUsage | undefined, pricing: Pricing): Usage {
  if (u === undefined) return { ...NO_USAGE };
  const inputTokens = u.inputTokens ?? 0;
  const outputTokens = u.outputTokens ?? 0;
  return { inputTokens, outputTokens, costUsd: costUsd(inputTokens, outputTokens, pricing) };
}

export class CallAborted extends Error {
  constructor(readonly why: "timeout" | "cutoff") {
    super(why === "timeout" ? "engine timeout" : "cycle cut off");
  }
}

interface Failure {
  cause: NoDecisionCause;
  detail: string;
  raw: string;
  usage: Usage;
}

export function describeFailure(
  e: unknown,
  aborted: CallAborted | undefined,
  pricing: Pricing,
  timeoutMs: number,
): Failure {
  if (aborted !== undefined) {
    const detail = aborted.why === "timeout" ? `no answer within ${timeoutMs} ms` : "aborted by the caller";
    return { cause: aborted.why, detail, raw: "", usage: { ...NO_USAGE } };
  }
  if (NoObjectGeneratedError.isInstance(e)) {
    const why = e.cause instanceof Error ? e.cause.message : e.message;
    return {
      cause: "invalid",
      detail: `no valid object: ${why}`,
      raw: e.text ?? "",
      usage: toUsage(e.usage, pricing),
    };
  }
  if (NoOutputGeneratedError.isInstance(e)) {
    return { cause: "invalid", detail: `no output: ${e.message}`, raw: "", usage: { ...NO_USAGE } };
  }
  const last = RetryError.isInstance(e) ? e.lastError : e;
  if (APICallError.isInstance(last)) {
    const status = last.statusCode === undefined ? "network" : `HTTP ${last.statusCode}`;
    return {
      cause: "error",
      detail: `${status}: ${last.message}`,
      raw: last.responseBody ?? "",
      usage: { ...NO_USAGE },
    };
  }
  const message = last instanceof Error ? `${last.name}: ${last.message}` : String(last);
  return { cause: "error", detail: message, raw: "", usage: { ...NO_USAGE } };
}

/**
 * An LLM engine through the Vercel AI SDK: asks for an object that EngineAnswerSchema validates, within
 * the configured timeout, inside the daily budget. A failure is an answer with its cause ("invalid",
 * "timeout", "error", "budget", "cutoff"), never a default decision. Every call is recorded.
 */
export class LlmEngine implements Engine {
  readonly kind = "llm" as const;
  readonly id: string;
  readonly label: string;
  private readonly model: LanguageModel;
  private readonly budget: DailyBudget;
  private readonly clock: Clock;
  private readonly params: LlmCallParams;
  private readonly paramsHash: string;
  private readonly system: string;

  constructor(
    readonly config: LlmEngineConfig,
    private readonly deps: LlmEngineDeps,
  ) {
    this.id = config.id;
    this.label = config.label;
    if (config.provider === "google") {
      const unions = schemaUnions(ANSWER_JSON_SCHEMA);
      if (unions.length > 0) {
        throw new HydraError("CONFIG_INVALID", `llm engine "${config.id}": Gemini takes no schema unions`, {
          unions,
        });
      }
    }
    this.model = deps.model ?? createLanguageModel(config, deps.env ?? {});
    this.budget = deps.budget ?? new DailyBudget();
    this.clock = deps.clock ?? new LiveClock();
    this.params = callParams(config);
    this.paramsHash = paramsHash(this.params);
    this.system =
      config.provider === "openai-compatible" && config.structuredOutputs === false
        ? systemPromptWithSchema()
        : SYSTEM_PROMPT;
  }

  async decide(input: EngineInput, signal: AbortSignal): Promise<EngineAnswer> {
    const time = this.clock.now();
    const { config } = this;
    const allowed = this.budget.check(config.id, config.budgets, time);
    if (!allowed.ok) {
      return {
        ok: false,
        cause: "budget",
        detail: allowed.detail,
        usage: { ...NO_USAGE },
        latencyMs: 0,
        raw: "",
      };
    }
    if (signal.aborted) {
      return {
        ok: false,
        cause: "cutoff",
        detail: "aborted before the call",
        usage: { ...NO_USAGE },
        latencyMs: 0,
        raw: "",
      };
    }

    const controller = new AbortController();
    let aborted: CallAborted | undefined;
    const abort = (why: "timeout" | "cutoff") => {
      if (aborted !== undefined) return;
      aborted = new CallAborted(why);
      controller.abort(aborted);
    };
    const onCallerAbort = () => abort("cutoff");
    signal.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(() => abort("timeout"), config.timeoutMs);

    const started = performance.now();
    let answer: EngineAnswer;
    try {
      const result = await generateText({
        model: this.model,
        system: this.system,
        prompt: input.prompt,
        output: Output.object({ schema: EngineAnswerSchema, name: "engine_answer" }),
        temperature: config.temperature,
        maxOutputTokens: config.maxOutputTokens,
        maxRetries: config.maxRetries,
        abortSignal: controller.signal,
      });
      const latencyMs = Math.round(performance.now() - started);
      const usage = toUsage(result.usage, config.pricing);
      if (aborted !== undefined) {
        // the answer came, but after the deadline: late is a failure, whatever it says
        const f = describeFailure(undefined, aborted, config.pricing, config.timeoutMs);
        answer = { ok: false, cause: f.cause, detail: f.detail, usage, latencyMs, raw: result.text };
      } else {
        answer = { ok: true, decisions: result.output.decisions, usage, latencyMs, raw: result.text };
      }
    } catch (e) {
      const latencyMs = Math.round(performance.now() - started);
      const f = describeFailure(e, aborted, config.pricing, config.timeoutMs);
      answer = { ok: false, cause: f.cause, detail: f.detail, usage: f.usage, latencyMs, raw: f.raw };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onCallerAbort);
    }

    this.budget.add(config.id, answer.usage, time);
    this.deps.store.record({
      engineId: config.id,
      model: config.model,
      promptHash: input.promptHash,
      schemaHash: ANSWER_SCHEMA_HASH,
      paramsHash: this.paramsHash,
      params: this.params,
      answer,
      time,
    });
    return answer;
  }
}
