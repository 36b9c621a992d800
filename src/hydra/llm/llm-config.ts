import { z } from "zod";
import { HydraError } from "../../core/errors.js";
import { LOCAL_MODEL_ENV, localEngineDefaults, localEnginesFromEnv } from "./local-model.js";

const LLM_PROVIDERS = ["deepseek", "anthropic", "xai", "google", "openai-compatible"] as const;
type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** USD per million tokens. */
export interface Pricing {
  inputPerMTok: number;
  outputPerMTok: number;
}

export interface LlmBudgets {
  /** input + output tokens per UTC day; calls stop once spent */
  maxTokensPerDay: number;
  /** USD per UTC day (from the pricing); calls stop once spent */
  maxUsdPerDay: number;
}

/** One LLM engine: which provider and model, how it is asked, what it may spend. */
export interface LlmEngineConfig {
  id: string;
  label: string;
  provider: LlmProvider;
  model: string;
  temperature: number;
  maxOutputTokens: number;
  /** the provider's default endpoint unless set (openai-compatible: Ollama's http://127.0.0.1:11434/v1) */
  baseURL?: string;
  /** the environment variable holding the key; optional only for openai-compatible (a local Ollama needs none) */
  apiKeyEnv?: string;
  pricing: Pricing;
  timeoutMs: number;
  /** retries of a failed HTTP call inside the SDK (429, 5xx, network); 0 = one attempt */
  maxRetries: number;
  budgets: LlmBudgets;
  /**
   * openai-compatible only: the server takes `response_format: json_schema` (Ollama ≥ 0.5, vLLM, LM Studio).
   * When false the SDK sends `json_object` and the schema goes into the system prompt.
   */
  structuredOutputs?: boolean;
}

const nonEmpty = z.string().min(1);
const positive = z.number().finite().positive();

const LlmEngineConfigSchema = z
  .object({
    id: nonEmpty.regex(/^[a-z0-9][a-z0-9_-]*$/, "lower-case letters, digits, - and _"),
    label: nonEmpty,
    provider: z.enum(LLM_PROVIDERS),
    model: nonEmpty,
    temperature: z.number().min(0).max(2),
    maxOutputTokens: z.number().int().positive(),
    baseURL: z.url().optional(),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name")
      .optional(),
    pricing: z.object({
      inputPerMTok: z.number().finite().min(0),
      outputPerMTok: z.number().finite().min(0),
    }),
    timeoutMs: z.number().int().positive(),
    maxRetries: z.number().int().min(0).max(5),
    budgets: z.object({ maxTokensPerDay: positive, maxUsdPerDay: positive }),
    structuredOutputs: z.boolean().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.provider !== "openai-compatible" && c.apiKeyEnv === undefined) {
      ctx.addIssue({ code: "custom", path: ["apiKeyEnv"], message: `required for provider ${c.provider}` });
    }
  });

/**
 * List prices (USD per million tokens, standard tier, no cache discount) as published by the providers when
 * this was written; they change — check them and override `pricing` in the config.
 * deepseek-chat $0.28/$0.42; claude-sonnet-4-6 $3/$15; grok-4 $3/$15; gemini-2.5-flash $0.30/$2.50.
 */
const DEFAULT_PRICING: Readonly<Record<string, Pricing>> = Object.freeze({
  "deepseek-chat": { inputPerMTok: 0.28, outputPerMTok: 0.42 },
  "claude-sonnet-4-6": { inputPerMTok: 3, outputPerMTok: 15 },
  "grok-4": { inputPerMTok: 3, outputPerMTok: 15 },
  "gemini-2.5-flash": { inputPerMTok: 0.3, outputPerMTok: 2.5 },
});

const COMMON = {
  temperature: 0.2,
  maxOutputTokens: 2000,
  timeoutMs: 60_000,
  maxRetries: 1,
  budgets: { maxTokensPerDay: 2_000_000, maxUsdPerDay: 5 },
} as const;

/** The four tournament engines (SPEC §1), one per provider. */
export const DEFAULT_LLM_ENGINES: readonly LlmEngineConfig[] = Object.freeze([
  {
    ...COMMON,
    budgets: { ...COMMON.budgets },
    id: "deepseek",
    label: "DeepSeek",
    provider: "deepseek",
    model: "deepseek-chat",
    apiKeyEnv: "DEEPSEEK_API_KEY",
    pricing: { ...DEFAULT_PRICING["deepseek-chat"]! },
  },
  {
    ...COMMON,
    budgets: { ...COMMON.budgets },
    id: "claude",
    label: "Claude",
    provider: "anthropic",
    model: "claude-sonnet-4-6",
    apiKeyEnv: "ANTHROPIC_API_KEY",
    pricing: { ...DEFAULT_PRICING["claude-sonnet-4-6"]! },
  },
  {
    ...COMMON,
    budgets: { ...COMMON.budgets },
    id: "grok",
    label: "Grok",
    provider: "xai",
    model: "grok-4",
    apiKeyEnv: "XAI_API_KEY",
    pricing: { ...DEFAULT_PRICING["grok-4"]! },
  },
  {
    ...COMMON,
    budgets: { ...COMMON.budgets },
    id: "gemini",
    label: "Gemini",
    provider: "google",
    model: "gemini-2.5-flash",
    apiKeyEnv: "GOOGLE_API_KEY",
    pricing: { ...DEFAULT_PRICING["gemini-2.5-flash"]! },
  },
]);

const issuePath = (path: ReadonlyArray<PropertyKey>): string =>
  path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * An openai-compatible engine (Ollama, LM Studio, vLLM, llama.cpp server) needs only its model:
 * `{"provider": "openai-compatible", "model": "llama3.1:8b"}` gets the id `local-llama3-1-8b`, Ollama's
 * endpoint, price 0 and the local budgets; any field given replaces its default (pricing and budgets field
 * by field). Other providers are taken as they are.
 */
function withLocalDefaults(raw: unknown): unknown {
  if (!isRecord(raw) || raw.provider !== "openai-compatible" || typeof raw.model !== "string") return raw;
  const d = localEngineDefaults(raw.model);
  const deep = (k: "pricing" | "budgets") =>
    isRecord(raw[k]) ? { ...(d[k] as Record<string, unknown>), ...raw[k] } : (raw[k] ?? d[k]);
  return { ...d, ...raw, pricing: deep("pricing"), budgets: deep("budgets") };
}

/**
 * Validates one engine config; the error names the engine and the field
 * (`llm engine "claude": budgets.maxUsdPerDay: Too small …`).
 */
export function parseLlmEngineConfig(given: unknown, source = "llm engine"): LlmEngineConfig {
  // "ollama" is the OpenAI-compatible provider on Ollama's endpoint (the default one)
  const aliased =
    isRecord(given) && given.provider === "ollama" ? { ...given, provider: "openai-compatible" } : given;
  if (isRecord(aliased) && !(LLM_PROVIDERS as readonly unknown[]).includes(aliased.provider))
    // the provider decides which fields are required: name it before whatever its absence left missing
    throw new HydraError(
      "CONFIG_INVALID",
      `${source}: provider: expected one of ${[...LLM_PROVIDERS, "ollama"].join(", ")}, got ${JSON.stringify(aliased.provider)}`,
      { field: "provider" },
    );
  if (isRecord(aliased) && aliased.provider === "openai-compatible" && typeof aliased.model !== "string")
    // without its model a local engine has no id yet: name the field that is missing, not the id
    throw new HydraError(
      "CONFIG_INVALID",
      `${source}: model: required for provider openai-compatible (the name the server knows, e.g. llama3.1:8b)`,
      { field: "model" },
    );
  const raw = withLocalDefaults(aliased);
  const r = LlmEngineConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const id = isRecord(raw) && typeof raw.id === "string" && raw.id !== "" ? ` "${raw.id}"` : "";
  const first = r.error.issues[0]!;
  const field = issuePath(first.path).replace(/^\./, "") || "(root)";
  throw new HydraError("CONFIG_INVALID", `${source}${id}: ${field}: ${first.message}`, {
    field,
    issues: r.error.issues.map((i) => `${issuePath(i.path).replace(/^\./, "")}: ${i.message}`),
  });
}

/** A list of engines: each validated, ids unique. `from` names where they come from (the file) in an error. */
export function parseLlmEngineConfigs(raw: unknown, from?: string): LlmEngineConfig[] {
  const source = from === undefined ? "llm engines" : `${from}: llm engines`;
  if (!Array.isArray(raw))
    throw new HydraError("CONFIG_INVALID", `${source}: expected an array of engines`, { file: from });
  const out = raw.map((r, i) => parseLlmEngineConfig(r, `${source}[${i}]`));
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.id)) {
      throw new HydraError("CONFIG_INVALID", `${source}: duplicate id "${c.id}"`, { field: "id" });
    }
    seen.add(c.id);
  }
  return out;
}

/** A default engine with some fields replaced (deep for pricing and budgets), validated. */
export function withOverrides(
  base: LlmEngineConfig,
  over: Partial<Omit<LlmEngineConfig, "pricing" | "budgets">> & {
    pricing?: Partial<Pricing>;
    budgets?: Partial<LlmBudgets>;
  },
): LlmEngineConfig {
  return parseLlmEngineConfig({
    ...base,
    ...over,
    pricing: { ...base.pricing, ...over.pricing },
    budgets: { ...base.budgets, ...over.budgets },
  });
}

const keyMissing = (c: LlmEngineConfig, env: Readonly<Record<string, string | undefined>>): boolean =>
  c.apiKeyEnv !== undefined && (env[c.apiKeyEnv] ?? "").trim() === "";

/**
 * The engines of a run with the local models of the environment: `HYDRA_LOCAL_MODEL=llama3.1:8b` (several
 * comma-separated) adds the gladiator `local-llama3-1-8b` on Ollama's endpoint, or on
 * `HYDRA_LOCAL_MODEL_URL`. With a local model set, an engine whose key variable is unset sits the run out
 * (so without any key the local models play alone) and `onLeftOut` hears which; without one, `base` is
 * returned as it is and a missing key stays the error it was. Errors name the variable.
 */
export function engineConfigsFromEnv(
  base: readonly LlmEngineConfig[],
  env: Readonly<Record<string, string | undefined>>,
  onLeftOut?: (line: string) => void,
): readonly LlmEngineConfig[] {
  const local = localEnginesFromEnv(env).map((raw) => parseLlmEngineConfig(raw, LOCAL_MODEL_ENV));
  if (local.length === 0) return base;
  const kept = base.filter((c) => !keyMissing(c, env));
  const left = base.filter((c) => keyMissing(c, env));
  if (left.length > 0)
    onLeftOut?.(
      `${LOCAL_MODEL_ENV}: left out for want of a key: ${left.map((c) => `${c.id} (${c.apiKeyEnv})`).join(", ")}`,
    );
  const ids = new Set(kept.map((c) => c.id));
  const clash = local.find((c) => ids.has(c.id));
  if (clash !== undefined)
    throw new HydraError(
      "CONFIG_INVALID",
      `${LOCAL_MODEL_ENV}: the engine id "${clash.id}" (model "${clash.model}") is already in the engine list`,
      { field: LOCAL_MODEL_ENV, env: LOCAL_MODEL_ENV },
    );
  return [...kept, ...local];
}
