import type { Warning } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InMemoryLlmCallStore } from "./call-recorder.js";
import { DEFAULT_LLM_ENGINES, withOverrides } from "./llm-config.js";
import { LlmEngine } from "./llm-engine.js";
import { formatSdkWarning, SdkWarningLog } from "./sdk-warnings.js";
import { engineInput, TEST_ENV, VALID_ANSWER_TEXT } from "./test-support/fixtures.js";
import { openAiChat, startWireServer, type WireServer } from "./test-support/wire-server.js";

const never = new AbortController().signal;
const WARNINGS: Warning[] = [
  { type: "unsupported", feature: "temperature", details: "fixed at 1" },
  { type: "other", message: "seed ignored" },
];
const config = withOverrides(DEFAULT_LLM_ENGINES[0]!, { timeoutMs: 2000, maxRetries: 0 });

const mockModel = (warnings: Warning[]) =>
  new MockLanguageModelV3({
    doGenerate: async () => ({
      content: [{ type: "text", text: VALID_ANSWER_TEXT }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 1, text: 1, reasoning: 0 },
      },
      warnings,
    }),
  });

describe("SDK warnings", () => {
  let sdkLogged: string[];
  let saved: typeof globalThis.AI_SDK_LOG_WARNINGS;
  beforeEach(() => {
    sdkLogged = [];
    saved = globalThis.AI_SDK_LOG_WARNINGS;
    // what the SDK itself would print: nothing may reach it when a warning log is given
    globalThis.AI_SDK_LOG_WARNINGS = (o) => sdkLogged.push(...o.warnings.map(formatSdkWarning));
  });
  afterEach(() => {
    globalThis.AI_SDK_LOG_WARNINGS = saved;
  });

  it("each distinct warning once per engine per run, through the injected log; the SDK prints none", async () => {
    const lines: string[] = [];
    const warnings = new SdkWarningLog((l) => lines.push(l));
    const store = new InMemoryLlmCallStore();
    const a = new LlmEngine(config, { model: mockModel(WARNINGS), store, warnings });
    const b = new LlmEngine({ ...config, id: "other" }, { model: mockModel(WARNINGS), store, warnings });
    for (let i = 0; i < 3; i++) {
      expect((await a.decide(engineInput(), never)).ok).toBe(true);
      await b.decide(engineInput(), never);
    }
    expect(lines).toEqual([
      'llm deepseek: SDK warning (shown once per run): the feature "temperature" is not supported: fixed at 1',
      "llm deepseek: SDK warning (shown once per run): seed ignored",
      'llm other: SDK warning (shown once per run): the feature "temperature" is not supported: fixed at 1',
      "llm other: SDK warning (shown once per run): seed ignored",
    ]);
    expect(sdkLogged).toEqual([]);
  });

  it("without a warning log the SDK prints them on every call, as before", async () => {
    const e = new LlmEngine(config, { model: mockModel(WARNINGS), store: new InMemoryLlmCallStore() });
    await e.decide(engineInput(), never);
    await e.decide(engineInput(), never);
    expect(sdkLogged).toHaveLength(4);
  });

  it("a warning is redacted before it is logged", () => {
    const lines: string[] = [];
    const log = new SdkWarningLog(
      (l) => lines.push(l),
      (t) => t.replace("sk-123456789", "[redacted]"),
    );
    log.report("x", [{ type: "other", message: "key sk-123456789 ignored" }]);
    expect(lines).toEqual(["llm x: SDK warning (shown once per run): key [redacted] ignored"]);
  });

  describe("over the wire: DeepSeek's schema-in-the-system-message mode", () => {
    let server: WireServer;
    beforeEach(async () => {
      server = await startWireServer(() => ({
        status: 200,
        body: openAiChat.ok(VALID_ANSWER_TEXT, { input: 10, output: 10 }),
      }));
    });
    afterEach(async () => {
      await server.close();
    });

    it("is logged once for three cycles", async () => {
      const lines: string[] = [];
      const e = new LlmEngine(withOverrides(config, { baseURL: server.origin }), {
        env: TEST_ENV,
        store: new InMemoryLlmCallStore(),
        warnings: new SdkWarningLog((l) => lines.push(l)),
      });
      for (let i = 0; i < 3; i++) expect((await e.decide(engineInput(), never)).ok).toBe(true);
      expect(server.requests).toHaveLength(3);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        'llm deepseek: SDK warning (shown once per run): the feature "responseFormat',
      );
      expect(sdkLogged).toEqual([]);
    });
  });
});
