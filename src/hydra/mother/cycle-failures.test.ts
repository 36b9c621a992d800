import { describe, expect, it } from "vitest";
import { type EngineAnswer, NO_USAGE, type NoDecisionCause } from "../engine.js";
import { cycleFailureLine } from "./cycle-failures.js";
import type { DecisionRecord } from "./hydra-journal.js";

const ok: EngineAnswer = { ok: true, decisions: [], usage: NO_USAGE, latencyMs: 1, raw: "" };
const no = (cause: NoDecisionCause, detail: string): EngineAnswer => ({
  ok: false,
  cause,
  detail,
  usage: NO_USAGE,
  latencyMs: 1,
  raw: "",
});
const rec = (engineId: string, cause: NoDecisionCause | null, detail = ""): DecisionRecord => ({
  cycle: 12,
  time: 0,
  engineId,
  templateVersion: "v2",
  promptHash: "h",
  decision: null,
  cause,
  detail,
  usage: NO_USAGE,
  latencyMs: 0,
  outcome: cause === null ? "hold" : "no-decision",
});

describe("cycleFailureLine", () => {
  it("one line naming each failed engine with its cause and detail; other causes are not failures", () => {
    const answers = new Map<string, EngineAnswer>([
      ["deepseek", no("timeout", "no answer within 30000 ms")],
      ["claude", ok],
      ["grok", no("error", "HTTP 401: bad key\n  Bearer sk-abcdefghijklmnop")],
      ["gemini", no("paused", "circuit open after 3 failures")],
      ["local", no("budget", "daily token budget spent")],
    ]);
    expect(cycleFailureLine(12, answers)).toBe(
      "cycle 12: 2 of 5 engines failed — deepseek timeout (no answer within 30000 ms), grok error (HTTP 401: bad key Bearer [redacted])",
    );
  });

  it("an empty string when none failed", () => {
    expect(cycleFailureLine(3, new Map([["a", ok]]))).toBe("");
    expect(cycleFailureLine(3, new Map([["a", no("cutoff", "aborted")]]))).toBe("");
    expect(cycleFailureLine(3, [rec("a", null), rec("b", "stale-data", "BTC-USD stale")], 2)).toBe("");
  });

  it("from decision records with the number of engines asked; a long detail is cut short", () => {
    const long = `answer does not match the schema: ${"decisions[0].confidence: Too big; ".repeat(5)}`;
    const line = cycleFailureLine(
      12,
      [rec("claude", null), rec("deepseek", "invalid", long), rec("consensus", null)],
      1,
    );
    expect(
      line.startsWith(
        "cycle 12: 1 of 1 engine failed — deepseek invalid (answer does not match the schema: decisions[0].confidence",
      ),
    ).toBe(true);
    expect(line.endsWith("…)")).toBe(true);
    expect(line.length).toBeLessThan(140);
  });
});
