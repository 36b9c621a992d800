import { describe, expect, it } from "vitest";
import type { EngineAnswer } from "../engine.js";
import { asksOfCycle, tallyAsks } from "./engine-ask.js";

const usage = (costUsd: number) => ({ inputTokens: 100, outputTokens: 10, costUsd });
const ok = (n: number, costUsd: number, latencyMs: number): EngineAnswer => ({
  ok: true,
  decisions: Array.from({ length: n }, () => ({
    action: "hold" as const,
    asset: "BTC-USD",
    direction: "long" as const,
    entry: 1,
    stopLoss: 1,
    takeProfit: 1,
    confidence: 0.5,
    rationale: "",
  })),
  usage: usage(costUsd),
  latencyMs,
  raw: "",
});
const failed = (cause: "timeout" | "invalid", costUsd: number, latencyMs: number): EngineAnswer => ({
  ok: false,
  cause,
  detail: "",
  usage: usage(costUsd),
  latencyMs,
  raw: "",
});

describe("asks", () => {
  it("one ask per engine per cycle, whatever the number of decisions (none included)", () => {
    const asks = asksOfCycle(
      3,
      1000,
      new Map([
        ["claude", ok(3, 0.25, 100)],
        ["grok", ok(0, 0.25, 100)],
        ["gemini", failed("timeout", 0, 30_000)],
      ]),
    );
    expect(asks.map((a) => [a.engineId, a.cause, a.decisions])).toEqual([
      ["claude", null, 3],
      ["grok", null, 0],
      ["gemini", "timeout", 0],
    ]);
    expect(asks.every((a) => a.cycle === 3 && a.time === 1000)).toBe(true);
  });

  it("tallies asked, answered, failed by cause, mean latency over every ask, and cost", () => {
    const answers = [
      ...Array.from({ length: 6 }, () => ok(1, 0.2, 100)),
      failed("timeout", 0, 30_000),
      failed("invalid", 0.3, 200),
    ];
    const asks = answers.flatMap((a, i) => asksOfCycle(i + 1, i, new Map([["claude", a]])));
    const t = tallyAsks(asks).get("claude")!;
    expect(t).toEqual({
      asked: 8,
      answered: 6,
      failed: 2,
      failedByCause: { timeout: 1, invalid: 1 },
      // (6 × 100 + 30,000 + 200) / 8
      avgLatencyMs: 3850,
      costUsd: expect.closeTo(1.5, 12),
    });
  });
});
