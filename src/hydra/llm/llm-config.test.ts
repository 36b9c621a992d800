import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HydraError } from "../../core/errors.js";
import { ANSWER_JSON_SCHEMA, schemaUnions } from "./answer-schema.js";
import type { LlmCallRecord } from "./call-recorder.js";
import { JsonlLlmCallStore } from "./jsonl-call-store.js";
import {
  DEFAULT_LLM_ENGINES,
  parseLlmEngineConfig,
  parseLlmEngineConfigs,
  withOverrides,
} from "./llm-config.js";
import { createLanguageModel } from "./provider-factory.js";

const errorOf = (f: () => unknown): HydraError => {
  try {
    f();
  } catch (e) {
    if (e instanceof HydraError) return e;
    throw e;
  }
  throw new Error("expected a HydraError");
};

describe("LLM engine config", () => {
  it("the four defaults are valid, one per provider, each with its key variable", () => {
    const parsed = parseLlmEngineConfigs(structuredClone(DEFAULT_LLM_ENGINES));
    expect(parsed.map((c) => [c.id, c.provider, c.apiKeyEnv])).toEqual([
      ["deepseek", "deepseek", "DEEPSEEK_API_KEY"],
      ["claude", "anthropic", "ANTHROPIC_API_KEY"],
      ["grok", "xai", "XAI_API_KEY"],
      ["gemini", "google", "GOOGLE_API_KEY"],
    ]);
  });

  it("errors name the engine and the field", () => {
    const e = errorOf(() => withOverrides(DEFAULT_LLM_ENGINES[1]!, { budgets: { maxUsdPerDay: -1 } }));
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.message).toContain('"claude"');
    expect(e.message).toContain("budgets.maxUsdPerDay");
    expect(errorOf(() => withOverrides(DEFAULT_LLM_ENGINES[0]!, { temperature: 3 })).message).toContain(
      "temperature",
    );
    expect(
      errorOf(() =>
        parseLlmEngineConfig({ ...DEFAULT_LLM_ENGINES[0]!, provider: "openai-compatible", baseURL: "" }),
      ).message,
    ).toContain("baseURL");
    expect(errorOf(() => parseLlmEngineConfig({ ...DEFAULT_LLM_ENGINES[0]!, extra: 1 })).message).toContain(
      "extra",
    );
    expect(
      errorOf(() => parseLlmEngineConfigs([DEFAULT_LLM_ENGINES[0], DEFAULT_LLM_ENGINES[0]])).message,
    ).toContain("duplicate");
  });

  it("pricing overrides keep the other field", () => {
    const c = withOverrides(DEFAULT_LLM_ENGINES[3]!, {
      pricing: { outputPerMTok: 3.5 },
      model: "gemini-2.5-pro",
    });
    expect(c.pricing).toEqual({ inputPerMTok: 0.3, outputPerMTok: 3.5 });
  });

  it("a missing key is a config error naming the variable, read from the injected env only", () => {
    const e = errorOf(() => createLanguageModel(DEFAULT_LLM_ENGINES[2]!, { DEEPSEEK_API_KEY: "test-key" }));
    expect(e.message).toContain("XAI_API_KEY");
    expect(e.message).not.toContain("test-key");
  });

  it("the answer schema is Gemini-safe, and the guard finds unions", () => {
    expect(schemaUnions(ANSWER_JSON_SCHEMA)).toEqual([]);
    expect(
      schemaUnions({ properties: { a: { anyOf: [{ type: "string" }] }, b: { type: ["string", "number"] } } }),
    ).toEqual(["#/properties/a/anyOf", "#/properties/b/type"]);
  });
});

describe("JSONL call store", () => {
  const rec = (promptHash: string): LlmCallRecord => ({
    engineId: "deepseek",
    model: "deepseek-chat",
    promptHash,
    schemaHash: "s",
    paramsHash: "p",
    params: {
      provider: "deepseek",
      model: "deepseek-chat",
      temperature: 0.2,
      maxOutputTokens: 100,
      schemaHash: "s",
    },
    answer: {
      ok: false,
      cause: "timeout",
      detail: "late",
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
      latencyMs: 200,
      raw: "",
    },
    time: 1,
  });

  it("skips a last line cut short by a crash and appends on a fresh line", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "hydra-jsonl-")), "calls.jsonl");
    new JsonlLlmCallStore(file).record(rec("a"));
    appendFileSync(file, '{"engineId":"deeps');
    const store = new JsonlLlmCallStore(file);
    expect(store.find("deepseek", "a", "p")?.answer).toMatchObject({ cause: "timeout" });
    expect(store.notes).toEqual([
      `${file}:2: torn last line (a write cut short, 18 bytes) removed; the 1 line(s) before it are kept`,
    ]);
    store.record(rec("b"));
    const reopened = new JsonlLlmCallStore(file);
    expect(reopened.find("deepseek", "b", "p")).toEqual(rec("b"));
  });

  it("a corrupt line in the middle is a data error with its line number", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "hydra-jsonl-")), "calls.jsonl");
    writeFileSync(file, `${JSON.stringify(rec("a"))}\n{"nope": 1}\n${JSON.stringify(rec("b"))}\n`);
    expect(() => new JsonlLlmCallStore(file)).toThrow(/calls\.jsonl:2/);
  });
});
