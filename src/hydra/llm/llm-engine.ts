import { generateText, type LanguageModel, Output } from "ai";
import { type Clock, LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { type Engine, type EngineAnswer, EngineAnswerSchema, type EngineInput, NO_USAGE } from "../engine.js";
import {
  ANSWER_JSON_SCHEMA,
  ANSWER_SCHEMA_HASH,
  SYSTEM_PROMPT,
  schemaUnions,
  systemPromptWithSchema,
} from "./answer-schema.js";
import { DailyBudget } from "./budget.js";
import { CallAborted, describeFailure } from "./call-failure.js";
import { type LlmCallParams, type LlmCallStore, paramsHash } from "./call-recorder.js";
import type { LlmEngineConfig } from "./llm-config.js";
import { createLanguageModel, type Env } from "./provider-factory.js";
import { configuredKeys, redactAnswer } from "./redact.js";
import { reportingWarnings, type SdkWarningLog } from "./sdk-warnings.js";
import { toUsage } from "./usage.js";

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
  /**
   * the key values redacted from whatever a provider says before it is recorded or returned: all the
   * configured keys of the run (configuredKeys(configs, env)); by default this engine's own
   */
  secrets?: readonly string[];
  /** the SDK's provider warnings, each logged once per engine; without it the SDK prints them per call */
  warnings?: SdkWarningLog;
}

/** The model an engine calls: the given or configured one, its warnings to the warning log. */
export function engineModel(config: LlmEngineConfig, deps: LlmEngineDeps): LanguageModel {
  const model = deps.model ?? createLanguageModel(config, deps.env ?? {});
  const log = deps.warnings;
  return log === undefined ? model : reportingWarnings(model, (w) => log.report(config.id, w));
}

/** What an engine redacts: the run's keys as given, else its own key from the env. */
export const engineSecrets = (config: LlmEngineConfig, deps: LlmEngineDeps): readonly string[] =>
  deps.secrets ?? configuredKeys([config], deps.env ?? {});

/** The parameters a call is recorded and replayed under. */
export const callParams = (c: LlmEngineConfig): LlmCallParams => ({
  provider: c.provider,
  model: c.model,
  temperature: c.temperature,
  maxOutputTokens: c.maxOutputTokens,
  schemaHash: ANSWER_SCHEMA_HASH,
});

/**
 * An LLM engine through the Vercel AI SDK: asks for an object that EngineAnswerSchema validates, within
 * the configured timeout, inside the daily budget. A failure is an answer with its cause ("invalid",
 * "timeout", "error", "budget", "cutoff"), never a default decision. An answer that breaks the schema
 * is "invalid" with the zod issue paths in its detail: nothing is repaired (generateText's structured
 * Output has no repairText hook) or guessed. Every call is recorded, with the provider's words redacted
 * (the configured keys, bearer tokens, key headers and query parameters, key-shaped tokens).
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
  private readonly secrets: readonly string[];

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
    this.model = engineModel(config, deps);
    this.secrets = engineSecrets(config, deps);
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

    answer = redactAnswer(answer, this.secrets);
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
