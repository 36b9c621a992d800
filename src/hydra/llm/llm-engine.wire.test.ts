import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import type { EngineAnswer } from "../engine.js";
import { schemaUnions } from "./answer-schema.js";
import { DailyBudget } from "./budget.js";
import { InMemoryLlmCallStore } from "./call-recorder.js";
import {
  DEFAULT_LLM_ENGINES,
  type LlmEngineConfig,
  parseLlmEngineConfig,
  withOverrides,
} from "./llm-config.js";
import { LlmEngine } from "./llm-engine.js";
import { ReplayEngine } from "./replay-engine.js";
import { DECISION, engineInput, TEST_ENV, VALID_ANSWER_TEXT } from "./test-support/fixtures.js";
import {
  anthropicMessages,
  type Captured,
  googleGenerate,
  openAiChat,
  type Reply,
  startWireServer,
  type WireServer,
  type WireUsage,
} from "./test-support/wire-server.js";
import { costUsd } from "./usage.js";

const TIMEOUT_MS = 200;
const USAGE: WireUsage = { input: 1000, output: 200 };

interface ProviderCase {
  name: string;
  config(origin: string): LlmEngineConfig;
  path: RegExp;
  ok(req: Captured, content: string, u: WireUsage): unknown;
  error(status: number): unknown;
  /** the header carrying the key */
  keyHeader: (req: Captured) => string | undefined;
}

const byId = (id: string): LlmEngineConfig => DEFAULT_LLM_ENGINES.find((c) => c.id === id)!;
const fast = { timeoutMs: TIMEOUT_MS, maxRetries: 0 };
const bearer = (req: Captured) => req.headers.authorization;

const CASES: ProviderCase[] = [
  {
    name: "deepseek",
    config: (o) => withOverrides(byId("deepseek"), { ...fast, baseURL: `${o}/v1` }),
    path: /^\/v1\/chat\/completions$/,
    ok: (_r, c, u) => openAiChat.ok(c, u),
    error: (s) => openAiChat.error(`status ${s}`),
    keyHeader: bearer,
  },
  {
    name: "claude",
    config: (o) => withOverrides(byId("claude"), { ...fast, baseURL: `${o}/v1` }),
    path: /^\/v1\/messages$/,
    ok: (r, c, u) => anthropicMessages.ok(r, c, u),
    error: (s) => anthropicMessages.error(s === 401 ? "authentication_error" : "api_error", `status ${s}`),
    keyHeader: (r) => r.headers["x-api-key"] as string | undefined,
  },
  {
    name: "grok",
    config: (o) => withOverrides(byId("grok"), { ...fast, baseURL: `${o}/v1` }),
    path: /^\/v1\/chat\/completions$/,
    ok: (_r, c, u) => openAiChat.ok(c, u),
    error: (s) => openAiChat.error(`status ${s}`),
    keyHeader: bearer,
  },
  {
    name: "gemini",
    config: (o) => withOverrides(byId("gemini"), { ...fast, baseURL: `${o}/v1beta` }),
    path: /^\/v1beta\/models\/gemini-2\.5-flash:generateContent$/,
    ok: (_r, c, u) => googleGenerate.ok(c, u),
    error: (s) => googleGenerate.error(s, s === 401 ? "UNAUTHENTICATED" : "INTERNAL", `status ${s}`),
    keyHeader: (r) => r.headers["x-goog-api-key"] as string | undefined,
  },
  {
    name: "ollama (openai-compatible)",
    config: (o) =>
      parseLlmEngineConfig({
        id: "ollama",
        label: "Ollama llama3.1",
        provider: "openai-compatible",
        model: "llama3.1",
        baseURL: `${o}/v1`,
        temperature: 0.1,
        maxOutputTokens: 1000,
        pricing: { inputPerMTok: 0, outputPerMTok: 0 },
        timeoutMs: TIMEOUT_MS,
        maxRetries: 0,
        budgets: { maxTokensPerDay: 1_000_000, maxUsdPerDay: 1 },
      }),
    path: /^\/v1\/chat\/completions$/,
    ok: (_r, c, u) => openAiChat.ok(c, u),
    error: (s) => openAiChat.error(`status ${s}`),
    keyHeader: () => "none",
  },
];

const never = new AbortController().signal;

describe.each(CASES)("LlmEngine over the wire: $name", (pc) => {
  let server: WireServer;
  let store: InMemoryLlmCallStore;
  let clock: TestClock;
  const answerWith =
    (content: string): ((req: Captured) => Reply) =>
    (req) => ({ status: 200, body: pc.ok(req, content, USAGE) });

  beforeEach(async () => {
    server = await startWireServer(answerWith(VALID_ANSWER_TEXT));
    store = new InMemoryLlmCallStore();
    clock = new TestClock(Date.UTC(2025, 0, 6, 12));
  });
  afterEach(async () => {
    await server.close();
  });

  const engine = (config = pc.config(server.origin), budget = new DailyBudget()) =>
    new LlmEngine(config, { env: TEST_ENV, store, clock, budget });

  it("a valid JSON decision → ok, parsed, with tokens and cost from the pricing", async () => {
    const config = pc.config(server.origin);
    const a = await engine(config).decide(engineInput(), never);
    expect(a.ok, JSON.stringify(a)).toBe(true);
    if (!a.ok) return;
    expect(a.decisions).toEqual([DECISION]);
    expect(a.usage.inputTokens).toBe(USAGE.input);
    expect(a.usage.outputTokens).toBe(USAGE.output);
    expect(a.usage.costUsd).toBeCloseTo(costUsd(USAGE.input, USAGE.output, config.pricing), 12);
    expect(JSON.parse(a.raw)).toEqual({ decisions: [DECISION] });
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.url).toMatch(pc.path);
    if (config.apiKeyEnv !== undefined) expect(pc.keyHeader(req)).toContain("test-key");
    expect(req.text).toContain(engineInput().prompt);
  });

  it("every call is recorded, and the replay reproduces it bit for bit with the server shut down", async () => {
    const config = pc.config(server.origin);
    const input = engineInput();
    const live = await engine(config).decide(input, never);
    server.handler = () => ({ status: 500, body: pc.error(500) });
    const failed = await engine(config).decide(engineInput("another prompt"), never);
    expect(failed.ok).toBe(false);
    const calls = store.all();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      engineId: config.id,
      model: config.model,
      promptHash: input.promptHash,
    });
    expect(calls[0]!.params).toMatchObject({
      temperature: config.temperature,
      maxOutputTokens: config.maxOutputTokens,
    });
    expect(calls[0]!.time).toBe(clock.now());
    expect(calls[1]!.answer).toEqual(failed);

    await server.close();
    const replay = new ReplayEngine(config, store);
    const again = await replay.decide(input, never);
    expect(JSON.stringify(again)).toBe(JSON.stringify(live));
    const missing = await replay.decide(engineInput("never asked"), never);
    expect(missing).toMatchObject({ ok: false, cause: "error", detail: "no recording" });
  });

  it("an answer that is not JSON → invalid, the raw text kept", async () => {
    server.handler = answerWith("I think BTC goes up.");
    const a = await engine().decide(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "invalid" });
    if (!a.ok) expect(a.detail).toMatch(/^answer is not JSON: /);
    expect(a.raw).toContain("BTC goes up");
    expect(store.all()).toHaveLength(1);
  });

  it("JSON that breaks the schema (confidence 3) → invalid, never a default decision", async () => {
    const bad = JSON.stringify({ decisions: [{ ...DECISION, confidence: 3 }] });
    server.handler = answerWith(bad);
    const a = await engine().decide(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "invalid" });
    if (!a.ok)
      expect(a.detail).toBe(
        "answer does not match the schema: decisions[0].confidence: Too big: expected number to be <=1",
      );
    expect("decisions" in a).toBe(false);
    expect(JSON.parse(a.raw)).toEqual(JSON.parse(bad));
    expect(a.usage.inputTokens).toBe(USAGE.input);
  });

  it("a server that never answers → timeout within the configured timeout", async () => {
    server.handler = () => "hang";
    const t0 = performance.now();
    const a = await engine().decide(engineInput(), never);
    const took = performance.now() - t0;
    expect(a).toMatchObject({ ok: false, cause: "timeout" });
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(took).toBeLessThan(TIMEOUT_MS + 800);
    expect(store.all()[0]!.answer).toEqual(a);
  });

  it.each([500, 401])("HTTP %i → error", async (status) => {
    server.handler = () => ({ status, body: pc.error(status) });
    const a = await engine().decide(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "error" });
    if (a.ok) return;
    expect(a.detail).toContain(`HTTP ${status}`);
    expect(a.detail).not.toContain("test-key");
    expect(server.requests).toHaveLength(1);
    expect(store.all()).toHaveLength(1);
  });

  it("a spent daily budget → budget, and the server receives no request", async () => {
    const config = withOverrides(pc.config(server.origin), { budgets: { maxTokensPerDay: 1000 } });
    const e = engine(config);
    expect((await e.decide(engineInput(), never)).ok).toBe(true);
    const a: EngineAnswer = await e.decide(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "budget" });
    expect(server.requests).toHaveLength(1);
    expect(store.all()).toHaveLength(1);
  });
});

describe("provider quirks on the wire", () => {
  let server: WireServer;
  beforeEach(async () => {
    server = await startWireServer(() => ({ status: 200, body: openAiChat.ok(VALID_ANSWER_TEXT, USAGE) }));
  });
  afterEach(async () => {
    await server.close();
  });
  const run = async (config: LlmEngineConfig) => {
    const e = new LlmEngine(config, { env: TEST_ENV, store: new InMemoryLlmCallStore() });
    return e.decide(engineInput("Decide for BTC-USD."), never);
  };

  it("DeepSeek: the request says json and asks for a json_object", async () => {
    const a = await run(withOverrides(byId("deepseek"), { ...fast, baseURL: server.origin }));
    expect(a.ok).toBe(true);
    const req = server.requests[0]!;
    expect(req.text).toContain("json");
    expect(req.body).toMatchObject({ model: "deepseek-chat", response_format: { type: "json_object" } });
    const messages = (req.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(messages.some((m) => (m.role === "system" || m.role === "user") && /json/.test(m.content))).toBe(
      true,
    );
  });

  it("Gemini: the responseSchema has no anyOf / oneOf", async () => {
    server.handler = () => ({ status: 200, body: googleGenerate.ok(VALID_ANSWER_TEXT, USAGE) });
    const a = await run(withOverrides(byId("gemini"), { ...fast, baseURL: server.origin }));
    expect(a.ok).toBe(true);
    const body = server.requests[0]!.body as {
      generationConfig: { responseSchema: unknown; responseMimeType: string };
    };
    expect(body.generationConfig.responseMimeType).toBe("application/json");
    expect(body.generationConfig.responseSchema).toBeDefined();
    expect(schemaUnions(body.generationConfig.responseSchema)).toEqual([]);
    expect(JSON.stringify(body)).not.toMatch(/anyOf|oneOf/);
  });

  it("Grok: a strict json_schema response format", async () => {
    await run(withOverrides(byId("grok"), { ...fast, baseURL: server.origin }));
    expect(server.requests[0]!.body).toMatchObject({
      model: "grok-4",
      response_format: { type: "json_schema", json_schema: { strict: true } },
    });
  });

  it("Claude: the schema goes with the request (native output format or the json tool)", async () => {
    server.handler = (r) => ({ status: 200, body: anthropicMessages.ok(r, VALID_ANSWER_TEXT, USAGE) });
    const a = await run(withOverrides(byId("claude"), { ...fast, baseURL: server.origin }));
    expect(a.ok).toBe(true);
    const text = server.requests[0]!.text;
    expect(text).toContain('"decisions"');
    expect(text).toContain('"stopLoss"');
  });

  it("an openai-compatible server without json_schema gets json_object and the schema in the prompt", async () => {
    const config = parseLlmEngineConfig({
      id: "local",
      label: "Local",
      provider: "openai-compatible",
      model: "qwen2.5",
      baseURL: server.origin,
      temperature: 0,
      maxOutputTokens: 500,
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
      timeoutMs: TIMEOUT_MS,
      maxRetries: 0,
      budgets: { maxTokensPerDay: 1e6, maxUsdPerDay: 1 },
      structuredOutputs: false,
    });
    const a = await run(config);
    expect(a.ok).toBe(true);
    const req = server.requests[0]!;
    expect(req.body).toMatchObject({ response_format: { type: "json_object" } });
    expect(req.text).toContain("stopLoss");
    expect(req.headers.authorization).toBeUndefined();
  });
});
