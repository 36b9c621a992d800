import { generateText, type LanguageModel, Output } from "ai";
import { type Clock, LiveClock } from "../../core/clock.js";
import type { EngineInput } from "../engine.js";
import { NO_USAGE } from "../engine.js";
import { CandidateBatchSchema, parseCandidateBatch } from "../turbo/candidate-schema.js";
import type { BatchAnswer, BatchEngine } from "../turbo/turbo-engine.js";
import { DailyBudget } from "./budget.js";
import { CallAborted, describeFailure } from "./call-failure.js";
import { paramsHash } from "./call-recorder.js";
import type { LlmEngineConfig } from "./llm-config.js";
import { callParams, engineModel, engineSecrets, type LlmEngineDeps } from "./llm-engine.js";
import { redact } from "./redact.js";
import { toUsage } from "./usage.js";

const BATCH_SYSTEM =
  "You design trading strategies as structured rules, never code. Answer with one json object: " +
  '{"candidates": [...]} with one to five candidates, each {name, asset, family: "ema-cross" | "rsi-reversion" | "breakout", params}. ' +
  "ema-cross needs fast < slow; rsi-reversion needs rsiPeriod, low, high; breakout needs channel; every candidate needs stopAtr and targetAtr.";

const BATCH_SCHEMA_HASH = "candidate-batch-v1";

/**
 * The turbo-batch mode's LLM side: one call asks the model for a batch of candidate strategies, which
 * CandidateBatchSchema validates (with the cross-field rules of parseCandidateBatch). Same budget,
 * timeout and recording as an engine's decision call; a failure is "no batch" with its cause.
 */
export class LlmBatchEngine implements BatchEngine {
  readonly id: string;
  private readonly model: LanguageModel;
  private readonly budget: DailyBudget;
  private readonly clock: Clock;
  private readonly secrets: readonly string[];

  constructor(
    readonly config: LlmEngineConfig,
    private readonly deps: LlmEngineDeps,
  ) {
    this.id = config.id;
    this.model = engineModel(config, deps);
    this.secrets = engineSecrets(config, deps);
    this.budget = deps.budget ?? new DailyBudget();
    this.clock = deps.clock ?? new LiveClock();
  }

  async proposeBatch(input: EngineInput, signal: AbortSignal): Promise<BatchAnswer> {
    const { config } = this;
    const time = this.clock.now();
    const allowed = this.budget.check(config.id, config.budgets, time);
    if (!allowed.ok) return { ok: false, cause: "budget", detail: allowed.detail };
    if (signal.aborted) return { ok: false, cause: "cutoff", detail: "aborted before the call" };
    const controller = new AbortController();
    let aborted: CallAborted | undefined;
    const abort = (why: "timeout" | "cutoff"): void => {
      if (aborted !== undefined) return;
      aborted = new CallAborted(why);
      controller.abort(aborted);
    };
    const onCallerAbort = (): void => abort("cutoff");
    signal.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(() => abort("timeout"), config.timeoutMs);
    const started = performance.now();
    let answer: BatchAnswer;
    let usage = { ...NO_USAGE };
    let raw = "";
    try {
      const r = await generateText({
        model: this.model,
        system: BATCH_SYSTEM,
        prompt: `${input.prompt}\n\nPropose a batch of candidate strategies for the assets above.`,
        output: Output.object({ schema: CandidateBatchSchema, name: "candidate_batch" }),
        temperature: config.temperature,
        maxOutputTokens: config.maxOutputTokens,
        maxRetries: config.maxRetries,
        abortSignal: controller.signal,
      });
      usage = toUsage(r.usage, config.pricing);
      raw = r.text;
      const checked = parseCandidateBatch(r.output);
      if (aborted !== undefined)
        answer = { ok: false, cause: aborted.why, detail: "the answer came after the deadline" };
      else
        answer = checked.ok
          ? { ok: true, candidates: checked.batch.candidates }
          : { ok: false, cause: "invalid", detail: `${checked.field}: ${checked.message}` };
    } catch (e) {
      const f = describeFailure(e, aborted, config.pricing, config.timeoutMs);
      usage = f.usage;
      raw = f.raw;
      answer = { ok: false, cause: f.cause, detail: f.detail };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onCallerAbort);
    }
    // the provider's words are redacted before they are recorded or returned
    raw = redact(raw, this.secrets);
    if (!answer.ok) answer = { ...answer, detail: redact(answer.detail, this.secrets) };
    this.budget.add(config.id, usage, time);
    const latencyMs = Math.round(performance.now() - started);
    const params = callParams(config);
    this.deps.store.record({
      engineId: config.id,
      model: config.model,
      promptHash: input.promptHash,
      schemaHash: BATCH_SCHEMA_HASH,
      paramsHash: paramsHash(params),
      params,
      // the batch is kept as the raw text; the decision list of a batch call is empty
      answer: answer.ok
        ? { ok: true, decisions: [], usage, latencyMs, raw }
        : {
            ok: false,
            cause: answer.cause === "no-market" ? "error" : answer.cause,
            detail: answer.detail,
            usage,
            latencyMs,
            raw,
          },
      time,
    });
    return answer;
  }
}
