import { describe, expect, it } from "vitest";
import { NO_USAGE } from "../engine.js";
import { InMemoryLlmCallStore, paramsHash } from "./call-recorder.js";
import { DEFAULT_LLM_ENGINES } from "./llm-config.js";
import { callParams } from "./llm-engine.js";
import { ReplayEngine } from "./replay-engine.js";
import { DECISION, engineInput } from "./test-support/fixtures.js";

const config = DEFAULT_LLM_ENGINES[0]!;
const never = new AbortController().signal;

describe("ReplayEngine", () => {
  it("a recording made before redaction replays with its secret-shaped tokens redacted, the rest as recorded", async () => {
    const store = new InMemoryLlmCallStore();
    const params = callParams(config);
    const input = engineInput("old");
    const ok = engineInput("ok");
    const base = {
      engineId: config.id,
      model: config.model,
      schemaHash: params.schemaHash,
      paramsHash: paramsHash(params),
      params,
      time: 0,
    };
    store.record({
      ...base,
      promptHash: input.promptHash,
      answer: {
        ok: false,
        cause: "error",
        detail: "HTTP 401: you sent Bearer sk-oldSECRET0123456789",
        usage: NO_USAGE,
        latencyMs: 12,
        raw: '{"error":"x-api-key: sk-ant-oldSECRET0123"}',
      },
    });
    const answer = {
      ok: true as const,
      decisions: [DECISION],
      usage: NO_USAGE,
      latencyMs: 3,
      raw: JSON.stringify({ decisions: [DECISION] }),
    };
    store.record({ ...base, promptHash: ok.promptHash, answer });
    const replay = new ReplayEngine(config, store);
    const a = await replay.decide(input, never);
    expect(a).toEqual({
      ok: false,
      cause: "error",
      detail: "HTTP 401: you sent Bearer [redacted]",
      usage: NO_USAGE,
      latencyMs: 12,
      raw: '{"error":"x-api-key: [redacted]"}',
    });
    expect(JSON.stringify(await replay.decide(ok, never))).toBe(JSON.stringify(answer));
  });
});
