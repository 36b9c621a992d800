import { HydraError } from "../../core/errors.js";

/** Ollama's OpenAI-compatible endpoint on this machine (LM Studio: :1234/v1, vLLM: :8000/v1). */
export const OLLAMA_BASE_URL = "http://127.0.0.1:11434/v1";

/** The one step: the model name(s), comma-separated, as the local server knows them (`llama3.1:8b`). */
export const LOCAL_MODEL_ENV = "HYDRA_LOCAL_MODEL";
/** The server's OpenAI-compatible base URL; Ollama's on this machine when unset. */
const LOCAL_MODEL_URL_ENV = "HYDRA_LOCAL_MODEL_URL";
/** Sent as the bearer key when set (a server started with --api-key); Ollama needs none. */
const LOCAL_MODEL_KEY_ENV = "HYDRA_LOCAL_MODEL_API_KEY";

const MAX_SLUG = 40;

/**
 * `llama3.1:8b` → `local-llama3-1-8b`: lower case, every run of other characters (`.`, `:`, `/`) one `-`,
 * so the id passes the engine id rule whatever the server calls its model. Empty when nothing is left.
 */
export function localEngineId(model: string): string {
  const slug = model
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "-")
    .slice(0, MAX_SLUG)
    .replace(/^[-_]+|[-_]+$/g, "");
  return slug === "" ? "" : `local-${slug}`;
}

/**
 * What a local engine gets unless its config says otherwise: free (price 0), Ollama's endpoint, one
 * attempt per cycle (a local server that failed once is asked again next cycle), and a token cap that
 * only stops a runaway loop — the tokens cost nothing.
 */
export function localEngineDefaults(model: string): Record<string, unknown> {
  return {
    id: localEngineId(model),
    label: `${model} (local)`,
    baseURL: OLLAMA_BASE_URL,
    temperature: 0.2,
    maxOutputTokens: 2000,
    pricing: { inputPerMTok: 0, outputPerMTok: 0 },
    // a model on a CPU is slow, and the first call waits while the server loads it into memory
    timeoutMs: 120_000,
    maxRetries: 0,
    budgets: { maxTokensPerDay: 50_000_000, maxUsdPerDay: 5 },
  };
}

type Env = Readonly<Record<string, string | undefined>>;

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== "";

function configError(variable: string, message: string): HydraError {
  return new HydraError("CONFIG_INVALID", `${variable}: ${message}`, { field: variable, env: variable });
}

/** The base URL from HYDRA_LOCAL_MODEL_URL: http(s) only; a URL without a path gets `/v1` (Ollama's). */
function localBaseUrl(env: Env): string {
  const raw = env[LOCAL_MODEL_URL_ENV];
  if (!set(raw)) return OLLAMA_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw configError(LOCAL_MODEL_URL_ENV, `not a URL: "${raw}" (expected e.g. ${OLLAMA_BASE_URL})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw configError(LOCAL_MODEL_URL_ENV, `expected an http(s) URL, got "${raw}"`);
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/v1";
  return url.toString().replace(/\/+$/, "");
}

/**
 * The local engines the environment asks for (unvalidated fields: the config parser checks them), each
 * named in errors by the variable that set it. Empty when HYDRA_LOCAL_MODEL is unset.
 */
export function localEnginesFromEnv(env: Env): Array<Record<string, unknown>> {
  const models = env[LOCAL_MODEL_ENV];
  if (!set(models)) {
    if (set(env[LOCAL_MODEL_URL_ENV]))
      throw configError(LOCAL_MODEL_URL_ENV, `set, but ${LOCAL_MODEL_ENV} names no model to ask there`);
    return [];
  }
  const baseURL = localBaseUrl(env);
  const names = models.split(",").map((m) => m.trim());
  const ids = new Map<string, string>();
  return names.map((model) => {
    if (model === "") throw configError(LOCAL_MODEL_ENV, `an empty model name in "${models}"`);
    if (/\s/.test(model)) throw configError(LOCAL_MODEL_ENV, `a model name has no spaces: "${model}"`);
    const id = localEngineId(model);
    if (id === "") throw configError(LOCAL_MODEL_ENV, `no engine id can be made from "${model}"`);
    const other = ids.get(id);
    if (other !== undefined)
      throw configError(LOCAL_MODEL_ENV, `"${other}" and "${model}" both make the engine id "${id}"`);
    ids.set(id, model);
    return {
      ...localEngineDefaults(model),
      provider: "openai-compatible",
      model,
      baseURL,
      ...(set(env[LOCAL_MODEL_KEY_ENV]) ? { apiKeyEnv: LOCAL_MODEL_KEY_ENV } : {}),
    };
  });
}
