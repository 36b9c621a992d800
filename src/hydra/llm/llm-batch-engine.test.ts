import { APICallError } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { InMemoryLlmCallStore, paramsHash } from "./call-recorder.js";
import { LlmBatchEngine } from "./llm-batch-engine.js";
import { DEFAULT_LLM_ENGINES, withOverrides } from "./llm-config.js";
import { callParams } from "./llm-engine.js";
import { engineInput } from "./test-support/fixtures.js";

type Result = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>>;
const result = (text: string): Result => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: {
    inputTokens: { total: 500, noCache: 500, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 100, text: 100, reasoning: 0 },
  },
  warnings: [],
});
const config = withOverrides(DEFAULT_LLM_ENGINES[1]!, { timeoutMs: 200, maxRetries: 0 });
const never = new AbortController().signal;
const GOOD = JSON.stringify({
  candidates: [
    {
      name: "fast cross",
      asset: "BTC-USD",
      family: "ema-cross",
      params: { fast: 9, slow: 21, stopAtr: 1.5, targetAtr: 3 },
    },
    {
      name: "rsi",
      asset: "ETH-USD",
      family: "rsi-reversion",
      params: { rsiPeriod: 14, low: 30, high: 70, stopAtr: 1.5, targetAtr: 2 },
    },
  ],
});

describe("LLM batch engine (turbo batch)", () => {
  it("asks for a batch of structured candidates in one call, validates and records it", async () => {
    const store = new InMemoryLlmCallStore();
    let prompt = "";
    const model = new MockLanguageModelV3({
      provider: "mock",
      modelId: "m",
      doGenerate: async (o) => {
        prompt = JSON.stringify(o.prompt);
        return result(GOOD);
      },
    });
    const e = new LlmBatchEngine(config, { model, store });
    const a = await e.proposeBatch(engineInput("the market"), never);
    expect(a).toMatchObject({ ok: true, candidates: [{ family: "ema-cross" }, { family: "rsi-reversion" }] });
    expect(prompt).toContain("json");
    const rec = store.find(config.id, engineInput("the market").promptHash, paramsHash(callParams(config)));
    expect(rec).toMatchObject({ schemaHash: "candidate-batch-v1", answer: { ok: true, raw: GOOD } });
  });

  it("a batch that breaks a rule (fast ≥ slow) is no batch, with the field named", async () => {
    const bad = JSON.stringify({
      candidates: [
        {
          name: "x",
          asset: "BTC-USD",
          family: "ema-cross",
          params: { fast: 30, slow: 20, stopAtr: 1, targetAtr: 2 },
        },
      ],
    });
    const e = new LlmBatchEngine(config, {
      model: new MockLanguageModelV3({ provider: "mock", modelId: "m", doGenerate: async () => result(bad) }),
      store: new InMemoryLlmCallStore(),
    });
    const a = await e.proposeBatch(engineInput("p"), never);
    expect(a).toMatchObject({ ok: false, cause: "invalid" });
  });

  it("a provider failure and a late answer are no batch with their causes", async () => {
    const failing = new LlmBatchEngine(config, {
      model: new MockLanguageModelV3({
        provider: "mock",
        modelId: "m",
        doGenerate: async () => {
          throw new Error("boom");
        },
      }),
      store: new InMemoryLlmCallStore(),
    });
    expect(await failing.proposeBatch(engineInput("p"), never)).toMatchObject({ ok: false, cause: "error" });
    const slow = new LlmBatchEngine(config, {
      model: new MockLanguageModelV3({
        provider: "mock",
        modelId: "m",
        doGenerate: (o) =>
          new Promise((_r, reject) =>
            o.abortSignal?.addEventListener("abort", () => reject(o.abortSignal?.reason)),
          ),
      }),
      store: new InMemoryLlmCallStore(),
    });
    expect(await slow.proposeBatch(engineInput("p"), never)).toMatchObject({ ok: false, cause: "timeout" });
  });

  it("a provider error that echoes the key is redacted in the answer and the recording", async () => {
    const store = new InMemoryLlmCallStore();
    const key = "plain-batch-secret";
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        throw new APICallError({
          message: `bad key ${key}, Authorization: Bearer sk-batchSECRET012345`,
          url: "http://127.0.0.1/v1/messages?key=AIzaSECRET",
          requestBodyValues: {},
          statusCode: 401,
          responseBody: `{"error":"bad key ${key}"}`,
          isRetryable: false,
        });
      },
    });
    const e = new LlmBatchEngine(config, { model, store, secrets: [key] });
    const a = await e.proposeBatch(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "error" });
    const recorded = JSON.stringify(store.all());
    expect(recorded).toContain("HTTP 401");
    for (const text of [JSON.stringify(a), recorded]) expect(text).not.toMatch(/SECRET|plain-batch-secret/);
  });
});
