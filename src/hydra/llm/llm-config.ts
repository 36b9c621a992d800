import { z } from "zod";
import { HydraError } from "../../core/errors.js";

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
  /** the provider's default endpoint unless set (required for openai-compatible, e.g. http://127.0.0.1:11434/v1) */
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
    if (c.provider === "openai-compatible" && c.baseURL === undefined) {
      ctx.addIssue({ code: "custom", path: ["baseURL"], message: "required for provider openai-compatible" });
    }
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

/**
 * Validates one engine config; the error names the engine and the field
 * (`llm engine "claude": budgets.maxUsdPerDay: Too small …`).
 */
export function parseLlmEngineConfig(raw: unknown, source = "llm engine"): LlmEngineConfig {
  const r = LlmEngineConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const id =
    typeof raw === "object" && raw !== null && "id" in raw && typeof raw.id === "string"
      ? ` "${raw.id}"`
      : "";
  const first = r.error.issues[0]!;
  const field = issuePath(first.path).replace(/^\./, "") || "(root)";
  throw new HydraError("CONFIG_INVALID", `${source}${id}: ${field}: ${first.message}`, {
    field,
    issues: r.error.issues.map((i) => `${issuePath(i.path).replace(/^\./, "")}: ${i.message}`),
  });
}

/** A list of engines: each validated, ids unique. */
export function parseLlmEngineConfigs(raw: unknown): LlmEngineConfig[] {
  if (!Array.isArray(raw)) throw new HydraError("CONFIG_INVALID", "llm engines: expected an array", {});
  const out = raw.map((r, i) => parseLlmEngineConfig(r, `llm engines[${i}]`));
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.id)) {
      throw new HydraError("CONFIG_INVALID", `llm engines: duplicate id "${c.id}"`, { field: "id" });
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
