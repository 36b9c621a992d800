import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HydraError } from "../../core/errors.js";
import { ANSWER_JSON_SCHEMA } from "./answer-schema.js";
import { InMemoryLlmCallStore } from "./call-recorder.js";
import {
  DEFAULT_LLM_ENGINES,
  engineConfigsFromEnv,
  type LlmEngineConfig,
  parseLlmEngineConfigs,
} from "./llm-config.js";
import { LlmEngine } from "./llm-engine.js";
import { localEngineId, OLLAMA_BASE_URL } from "./local-model.js";
import { DECISION, engineInput, TEST_ENV, VALID_ANSWER_TEXT } from "./test-support/fixtures.js";
import { type OllamaServer, startOllamaServer, userPrompt } from "./test-support/ollama-server.js";
import { startWireServer } from "./test-support/wire-server.js";

const errorOf = (f: () => unknown): HydraError => {
  try {
    f();
  } catch (e) {
    if (e instanceof HydraError) return e;
    throw e;
  }
  throw new Error("expected a HydraError");
};

const never = new AbortController().signal;
const MODEL = "llama3.1:8b";

describe("local engine ids", () => {
  it.each([
    ["llama3.1:8b", "local-llama3-1-8b"],
    ["qwen2.5:7b-instruct-q4_K_M", "local-qwen2-5-7b-instruct-q4_k_m"],
    ["hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "local-hf-co-bartowski-llama-3-2-1b-instruct-gg"],
    ["Mistral", "local-mistral"],
    ["::", ""],
  ])("%s → %s", (model, id) => {
    expect(localEngineId(model)).toBe(id);
    if (id !== "") expect(id).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
  });
});

describe("the short JSON config of a local engine", () => {
  it("provider and model are enough: Ollama's endpoint, price 0, no key", () => {
    const [c] = parseLlmEngineConfigs(JSON.parse(`[{"provider": "openai-compatible", "model": "${MODEL}"}]`));
    expect(c).toMatchObject({
      id: "local-llama3-1-8b",
      label: "llama3.1:8b (local)",
      provider: "openai-compatible",
      model: MODEL,
      baseURL: OLLAMA_BASE_URL,
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
      maxRetries: 0,
    });
    expect(c!.apiKeyEnv).toBeUndefined();
  });

  it('"ollama" is the same provider on its default endpoint', () => {
    const [c] = parseLlmEngineConfigs([{ provider: "ollama", model: MODEL }]);
    expect(c).toMatchObject({
      id: "local-llama3-1-8b",
      provider: "openai-compatible",
      baseURL: OLLAMA_BASE_URL,
    });
  });

  it("a field given replaces its default, pricing and budgets field by field", () => {
    const [c] = parseLlmEngineConfigs([
      {
        provider: "openai-compatible",
        model: "qwen2.5",
        id: "lmstudio",
        baseURL: "http://127.0.0.1:1234/v1",
        apiKeyEnv: "LMSTUDIO_KEY",
        pricing: { outputPerMTok: 0.1 },
        budgets: { maxUsdPerDay: 0.5 },
        structuredOutputs: false,
      },
    ]);
    expect(c).toMatchObject({
      id: "lmstudio",
      baseURL: "http://127.0.0.1:1234/v1",
      apiKeyEnv: "LMSTUDIO_KEY",
      pricing: { inputPerMTok: 0, outputPerMTok: 0.1 },
      budgets: { maxTokensPerDay: 50_000_000, maxUsdPerDay: 0.5 },
      structuredOutputs: false,
    });
  });

  it("errors name the entry and the field", () => {
    const bad = (raw: unknown) => errorOf(() => parseLlmEngineConfigs([raw])).message;
    expect(bad({ provider: "openai-compatible" })).toMatch(/llm engines\[0\]: model:/);
    expect(bad({ provider: "openai-compatible", model: MODEL, baseURL: "127.0.0.1:11434" })).toMatch(
      /"local-llama3-1-8b": baseURL:/,
    );
    expect(bad({ provider: "openai-compatible", model: MODEL, pricing: 0 })).toMatch(/pricing:/);
    expect(bad({ provider: "openai-compatible", model: MODEL, pricing: { inputPerMTok: -1 } })).toMatch(
      /pricing\.inputPerMTok/,
    );
    expect(bad({ provider: "openai-compatible", model: "::" })).toMatch(/llm engines\[0\]: id:/);
    expect(bad({ provider: "lmstudio", model: MODEL })).toMatch(
      /llm engines\[0\]: provider: expected one of .*openai-compatible, ollama, got "lmstudio"/,
    );
    expect(bad({ model: MODEL })).toMatch(/llm engines\[0\]: provider: .* got undefined/);
    // the paid providers get no defaults
    expect(bad({ provider: "deepseek", model: "deepseek-chat" })).toMatch(/llm engines\[0\]: id:/);
  });
});

describe("HYDRA_LOCAL_MODEL: a local gladiator in one step", () => {
  const ALL_KEYS = TEST_ENV;

  it("unset: the engines are returned as they are", () => {
    expect(engineConfigsFromEnv(DEFAULT_LLM_ENGINES, ALL_KEYS)).toBe(DEFAULT_LLM_ENGINES);
    expect(engineConfigsFromEnv(DEFAULT_LLM_ENGINES, { ...ALL_KEYS, HYDRA_LOCAL_MODEL: " " })).toBe(
      DEFAULT_LLM_ENGINES,
    );
  });

  it("with every key: a fifth gladiator on Ollama's endpoint, free, keyless", () => {
    const heard: string[] = [];
    const out = engineConfigsFromEnv(DEFAULT_LLM_ENGINES, { ...ALL_KEYS, HYDRA_LOCAL_MODEL: MODEL }, (l) =>
      heard.push(l),
    );
    expect(out.map((c) => c.id)).toEqual(["deepseek", "claude", "grok", "gemini", "local-llama3-1-8b"]);
    expect(out[4]).toMatchObject({
      provider: "openai-compatible",
      model: MODEL,
      baseURL: OLLAMA_BASE_URL,
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
    });
    expect(out[4]!.apiKeyEnv).toBeUndefined();
    expect(heard).toEqual([]);
  });

  it("in place of the engines without a key, which are named; without any key the local models play alone", () => {
    const heard: string[] = [];
    const some = engineConfigsFromEnv(
      DEFAULT_LLM_ENGINES,
      { ANTHROPIC_API_KEY: "test-key", GOOGLE_API_KEY: "", HYDRA_LOCAL_MODEL: MODEL },
      (l) => heard.push(l),
    );
    expect(some.map((c) => c.id)).toEqual(["claude", "local-llama3-1-8b"]);
    expect(heard).toEqual([
      "HYDRA_LOCAL_MODEL: left out for want of a key: deepseek (DEEPSEEK_API_KEY), grok (XAI_API_KEY), gemini (GOOGLE_API_KEY)",
    ]);
    const alone = engineConfigsFromEnv(DEFAULT_LLM_ENGINES, {
      HYDRA_LOCAL_MODEL: "llama3.1:8b, qwen2.5:7b",
    });
    expect(alone.map((c) => [c.id, c.model])).toEqual([
      ["local-llama3-1-8b", "llama3.1:8b"],
      ["local-qwen2-5-7b", "qwen2.5:7b"],
    ]);
  });

  it("HYDRA_LOCAL_MODEL_URL: any OpenAI-compatible server; a URL without a path gets /v1", () => {
    const url = (u: string) =>
      engineConfigsFromEnv([], { HYDRA_LOCAL_MODEL: MODEL, HYDRA_LOCAL_MODEL_URL: u })[0]!.baseURL;
    expect(url("http://127.0.0.1:1234/v1")).toBe("http://127.0.0.1:1234/v1");
    expect(url("http://127.0.0.1:11434")).toBe("http://127.0.0.1:11434/v1");
    expect(url("http://127.0.0.1:8080/v1/")).toBe("http://127.0.0.1:8080/v1");
  });

  it("HYDRA_LOCAL_MODEL_API_KEY set: the engine reads its key from it (the config holds the name only)", () => {
    const [c] = engineConfigsFromEnv([], { HYDRA_LOCAL_MODEL: MODEL, HYDRA_LOCAL_MODEL_API_KEY: "k" });
    expect(c!.apiKeyEnv).toBe("HYDRA_LOCAL_MODEL_API_KEY");
    expect(JSON.stringify(c)).not.toContain('"k"');
  });

  it("errors name the variable", () => {
    const err = (env: Record<string, string>) =>
      errorOf(() => engineConfigsFromEnv(DEFAULT_LLM_ENGINES, env));
    const cases: Array<[Record<string, string>, RegExp, string]> = [
      [
        { HYDRA_LOCAL_MODEL: "llama3.1:8b,,qwen" },
        /^HYDRA_LOCAL_MODEL: an empty model name/,
        "HYDRA_LOCAL_MODEL",
      ],
      [{ HYDRA_LOCAL_MODEL: "llama3.1:8b,llama3.1-8b" }, /both make the engine id/, "HYDRA_LOCAL_MODEL"],
      [{ HYDRA_LOCAL_MODEL: "::" }, /^HYDRA_LOCAL_MODEL: no engine id/, "HYDRA_LOCAL_MODEL"],
      [
        { HYDRA_LOCAL_MODEL: MODEL, HYDRA_LOCAL_MODEL_URL: "ollama:11434" },
        /^HYDRA_LOCAL_MODEL_URL: /,
        "HYDRA_LOCAL_MODEL_URL",
      ],
      [
        { HYDRA_LOCAL_MODEL: MODEL, HYDRA_LOCAL_MODEL_URL: "not a url" },
        /^HYDRA_LOCAL_MODEL_URL: not a URL/,
        "HYDRA_LOCAL_MODEL_URL",
      ],
      [{ HYDRA_LOCAL_MODEL_URL: "http://127.0.0.1:11434/v1" }, /names no model/, "HYDRA_LOCAL_MODEL_URL"],
    ];
    for (const [env, message, variable] of cases) {
      const e = err(env);
      expect(e.code).toBe("CONFIG_INVALID");
      expect(e.message).toMatch(message);
      expect(e.details.env).toBe(variable);
    }
    const clash = errorOf(() =>
      engineConfigsFromEnv(parseLlmEngineConfigs([{ provider: "openai-compatible", model: MODEL }]), {
        HYDRA_LOCAL_MODEL: MODEL,
      }),
    );
    expect(clash.message).toMatch(/^HYDRA_LOCAL_MODEL: the engine id "local-llama3-1-8b"/);
  });
});

describe("a local engine over Ollama's OpenAI-compatible wire", () => {
  let ollama: OllamaServer;
  beforeEach(async () => {
    ollama = await startOllamaServer([MODEL], () => VALID_ANSWER_TEXT);
  });
  afterEach(async () => {
    await ollama.close();
  });

  const config = (env: Record<string, string> = {}): LlmEngineConfig =>
    engineConfigsFromEnv([], {
      HYDRA_LOCAL_MODEL: MODEL,
      HYDRA_LOCAL_MODEL_URL: ollama.origin,
      ...env,
    })[0]!;
  const engine = (c: LlmEngineConfig, env: Record<string, string> = {}) =>
    new LlmEngine(c, { env, store: new InMemoryLlmCallStore() });

  it("asks /v1/chat/completions with the prompt and a json_schema, no key; the answer costs 0", async () => {
    const input = engineInput();
    const a = await engine(config()).decide(input, never);
    expect(a.ok, JSON.stringify(a)).toBe(true);
    if (!a.ok) return;
    expect(a.decisions).toEqual([DECISION]);
    expect(a.usage.inputTokens).toBeGreaterThan(0);
    expect(a.usage.outputTokens).toBe(Math.ceil(VALID_ANSWER_TEXT.length / 4));
    expect(a.usage.costUsd).toBe(0);
    expect(ollama.requests).toHaveLength(1);
    const req = ollama.requests[0]!;
    expect([req.method, req.url]).toEqual(["POST", "/v1/chat/completions"]);
    expect(req.headers.authorization).toBeUndefined();
    const chat = ollama.chats()[0]!;
    expect(chat).toMatchObject({ model: MODEL, temperature: 0.2, max_tokens: 2000 });
    expect(chat.stream ?? false).toBe(false);
    expect(userPrompt(chat)).toBe(input.prompt);
    expect(chat.messages[0]).toMatchObject({ role: "system" });
    // the answer schema itself (the SDK restates it in draft-07), which Ollama turns into a grammar
    const sent = chat.response_format?.json_schema;
    expect(chat.response_format?.type).toBe("json_schema");
    expect(sent?.name).toBe("engine_answer");
    const { $schema: _a, ...schema } = (sent?.schema ?? {}) as Record<string, unknown>;
    const { $schema: _b, ...expected } = ANSWER_JSON_SCHEMA;
    expect(schema).toEqual(expected);
  });

  it("a server that wants a key gets it from HYDRA_LOCAL_MODEL_API_KEY as a bearer", async () => {
    const env = { HYDRA_LOCAL_MODEL_API_KEY: "local-test-key" };
    const a = await engine(config(env), env).decide(engineInput(), never);
    expect(a.ok).toBe(true);
    expect(ollama.requests[0]!.headers.authorization).toBe("Bearer local-test-key");
  });

  it("structuredOutputs false: json_object, and the schema goes into the system prompt", async () => {
    const [c] = parseLlmEngineConfigs([
      {
        provider: "openai-compatible",
        model: MODEL,
        baseURL: `${ollama.origin}/v1`,
        structuredOutputs: false,
      },
    ]);
    const a = await engine(c!).decide(engineInput(), never);
    expect(a.ok).toBe(true);
    const chat = ollama.chats()[0]!;
    expect(chat.response_format).toEqual({ type: "json_object" });
    expect(chat.messages[0]!.content).toContain('"stopLoss"');
  });

  it.each([
    ["prose", "Sure! I would buy BTC here."],
    ["JSON outside the schema", JSON.stringify({ decisions: [{ ...DECISION, direction: "up" }] })],
    ["JSON cut short", VALID_ANSWER_TEXT.slice(0, 40)],
  ])("a malformed answer (%s) → invalid, the raw text kept, no decision", async (_what, text) => {
    ollama.answer = () => text;
    const a = await engine(config()).decide(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "invalid", raw: text });
    expect("decisions" in a).toBe(false);
  });

  it("a model that is not pulled → error, with Ollama's message", async () => {
    const c = engineConfigsFromEnv([], {
      HYDRA_LOCAL_MODEL: "mistral",
      HYDRA_LOCAL_MODEL_URL: ollama.origin,
    })[0]!;
    const a = await engine(c).decide(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "error" });
    if (a.ok) return;
    expect(a.detail).toContain("HTTP 404");
    expect(a.detail).toContain("try pulling it first");
  });

  it("the server down → error (network), quickly, no decision", async () => {
    const gone = await startWireServer(() => "hang");
    const origin = gone.origin;
    await gone.close();
    const c = engineConfigsFromEnv([], { HYDRA_LOCAL_MODEL: MODEL, HYDRA_LOCAL_MODEL_URL: origin })[0]!;
    const t0 = performance.now();
    const a = await engine(c).decide(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "error" });
    if (a.ok) return;
    expect(a.detail).toMatch(/network|ECONNREFUSED|fetch failed/i);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
