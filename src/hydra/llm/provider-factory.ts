import { createAnthropic } from "@ai-sdk/anthropic";
import { createDeepSeek } from "@ai-sdk/deepseek";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createXai } from "@ai-sdk/xai";
import type { LanguageModel } from "ai";
import { HydraError } from "../../core/errors.js";
import type { LlmEngineConfig } from "./llm-config.js";
import { OLLAMA_BASE_URL } from "./local-model.js";

/** The process environment, or a record a test or the runtime injects. Keys are read here, never logged. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The key for an engine, from the injected env only. The SDK would otherwise fall back to `process.env`,
 * so a missing key is a config error here, not a silent read of the real environment.
 */
function apiKey(config: LlmEngineConfig, env: Env): string | undefined {
  if (config.apiKeyEnv === undefined) return undefined;
  const key = env[config.apiKeyEnv];
  if (key === undefined || key.trim() === "") {
    throw new HydraError("CONFIG_INVALID", `llm engine "${config.id}": ${config.apiKeyEnv} is not set`, {
      field: "apiKeyEnv",
      env: config.apiKeyEnv,
    });
  }
  return key;
}

/** Builds the AI SDK model for one engine config (key from `env`, endpoint from `baseURL` when set). */
export function createLanguageModel(config: LlmEngineConfig, env: Env): LanguageModel {
  const key = apiKey(config, env);
  const baseURL = config.baseURL;
  switch (config.provider) {
    case "deepseek":
      return createDeepSeek({ apiKey: key, baseURL })(config.model);
    case "anthropic":
      return createAnthropic({ apiKey: key, baseURL })(config.model);
    case "xai":
      return createXai({ apiKey: key, baseURL }).chat(config.model);
    case "google":
      return createGoogleGenerativeAI({ apiKey: key, baseURL })(config.model);
    case "openai-compatible":
      // json_schema by default: Ollama (≥ 0.5) turns it into a grammar, so even a small model answers the
      // schema's shape; `structuredOutputs: false` sends json_object with the schema in the prompt instead
      return createOpenAICompatible({
        name: config.id,
        baseURL: baseURL ?? OLLAMA_BASE_URL,
        apiKey: key,
        supportsStructuredOutputs: config.structuredOutputs ?? true,
      }).chatModel(config.model);
  }
}
