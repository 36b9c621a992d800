import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { DailyBudget } from "./budget.js";
import { InMemoryLlmCallStore } from "./call-recorder.js";
import { JsonlLlmCallStore } from "./jsonl-call-store.js";
import { DEFAULT_LLM_ENGINES, type LlmEngineConfig, withOverrides } from "./llm-config.js";
import { LlmEngine } from "./llm-engine.js";
import { ReplayEngine } from "./replay-engine.js";
import { DECISION, engineInput, VALID_ANSWER_TEXT } from "./test-support/fixtures.js";

type LanguageModelV3CallOptions = Parameters<MockLanguageModelV3["doGenerate"]>[0];
type LanguageModelV3GenerateResult = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>>;

const DAY = 86_400_000;
const never = new AbortController().signal;
const config: LlmEngineConfig = withOverrides(DEFAULT_LLM_ENGINES[0]!, { timeoutMs: 200, maxRetries: 0 });

const result = (text: string, input = 1000, output = 200): LanguageModelV3GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  },
  warnings: [],
});

const mock = (doGenerate: (o: LanguageModelV3CallOptions) => Promise<LanguageModelV3GenerateResult>) =>
  new MockLanguageModelV3({ provider: "mock", modelId: "mock-model", doGenerate });

const waitForAbort = (o: LanguageModelV3CallOptions): Promise<never> =>
  new Promise((_, reject) => {
    o.abortSignal?.addEventListener("abort", () => reject(o.abortSignal?.reason), { once: true });
  });

describe("LlmEngine with the SDK's mock model", () => {
  it("passes the prompt, temperature and output limit, and maps usage with the pricing", async () => {
    const model = mock(async () => result(VALID_ANSWER_TEXT));
    const e = new LlmEngine(config, { model, store: new InMemoryLlmCallStore() });
    const a = await e.decide(engineInput("the prompt"), never);
    expect(a).toMatchObject({
      ok: true,
      decisions: [DECISION],
      usage: { inputTokens: 1000, outputTokens: 200 },
    });
    expect(a.usage.costUsd).toBeCloseTo((1000 * 0.28 + 200 * 0.42) / 1e6, 12);
    const call = model.doGenerateCalls[0]!;
    expect(call.temperature).toBe(config.temperature);
    expect(call.maxOutputTokens).toBe(config.maxOutputTokens);
    expect(call.responseFormat).toMatchObject({ type: "json" });
    expect(JSON.stringify(call.prompt)).toContain("the prompt");
    expect(JSON.stringify(call.prompt)).toContain("json");
  });

  it("the caller's abort (the cycle's cutoff) → cutoff; already aborted → cutoff and no call", async () => {
    const model = mock(waitForAbort);
    const store = new InMemoryLlmCallStore();
    const e = new LlmEngine({ ...config, timeoutMs: 5000 }, { model, store });
    const ctl = new AbortController();
    const pending = e.decide(engineInput(), ctl.signal);
    setTimeout(() => ctl.abort(), 20);
    expect(await pending).toMatchObject({ ok: false, cause: "cutoff" });
    expect(store.all()).toHaveLength(1);

    const before = model.doGenerateCalls.length;
    expect(await e.decide(engineInput(), ctl.signal)).toMatchObject({ ok: false, cause: "cutoff" });
    expect(model.doGenerateCalls).toHaveLength(before);
  });

  it("an answer after the timeout is late: timeout, not ok", async () => {
    const model = mock(
      () => new Promise((resolve) => setTimeout(() => resolve(result(VALID_ANSWER_TEXT)), 300)),
    );
    const e = new LlmEngine(config, { model, store: new InMemoryLlmCallStore() });
    const a = await e.decide(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "timeout" });
  });

  it("a thrown provider error → error", async () => {
    const model = mock(async () => {
      throw new Error("socket hang up");
    });
    const e = new LlmEngine(config, { model, store: new InMemoryLlmCallStore() });
    const a = await e.decide(engineInput(), never);
    expect(a).toMatchObject({ ok: false, cause: "error" });
    expect(a.ok ? "" : a.detail).toContain("socket hang up");
  });

  it("the money budget stops calls for the rest of the UTC day and opens again the next day", async () => {
    const model = mock(async () => result(VALID_ANSWER_TEXT, 1_000_000, 0));
    const clock = new TestClock(Date.UTC(2025, 0, 6, 23));
    const budget = new DailyBudget();
    const cfg = withOverrides(config, { budgets: { maxUsdPerDay: 0.25 } });
    const e = new LlmEngine(cfg, { model, store: new InMemoryLlmCallStore(), clock, budget });
    expect((await e.decide(engineInput(), never)).ok).toBe(true);
    const refused = await e.decide(engineInput(), never);
    expect(refused).toMatchObject({ ok: false, cause: "budget" });
    expect(refused.ok ? "" : refused.detail).toContain("money");
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(budget.spent(cfg.id, clock.now()).usd).toBeCloseTo(0.28, 10);

    clock.advance(DAY / 24);
    expect((await e.decide(engineInput(), never)).ok).toBe(true);
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it("a JSONL store keeps every call across a restart; the replay answers from it", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "hydra-llm-")), "calls", "llm-calls.jsonl");
    const model = mock(async () => result(VALID_ANSWER_TEXT));
    const live = new LlmEngine(config, { model, store: new JsonlLlmCallStore(file) });
    const a = await live.decide(engineInput(), never);
    await live.decide(engineInput("second"), never);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(2);

    const replay = new ReplayEngine(config, new JsonlLlmCallStore(file));
    expect(JSON.stringify(await replay.decide(engineInput(), never))).toBe(JSON.stringify(a));
    expect(model.doGenerateCalls).toHaveLength(2);

    const other = new ReplayEngine({ ...config, temperature: 0.9 }, new JsonlLlmCallStore(file));
    expect(await other.decide(engineInput(), never)).toMatchObject({ ok: false, detail: "no recording" });
  });
});
