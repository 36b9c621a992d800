import type { EngineDecision, EngineInput } from "../../engine.js";
import { sha256 } from "../call-recorder.js";

export const TEST_ENV = {
  DEEPSEEK_API_KEY: "test-key",
  ANTHROPIC_API_KEY: "test-key",
  XAI_API_KEY: "test-key",
  GOOGLE_API_KEY: "test-key",
} as const;

export const DECISION: EngineDecision = {
  action: "open",
  asset: "BTC-USD",
  direction: "long",
  entry: 60_000,
  stopLoss: 59_000,
  takeProfit: 62_000,
  confidence: 0.7,
  rationale: "higher highs above the 20-bar mean",
};

export const VALID_ANSWER_TEXT = JSON.stringify({ decisions: [DECISION] });

export function engineInput(
  prompt = "Cycle 1. BTC-USD price 60000. Answer with your decisions.",
): EngineInput {
  return {
    cycle: 1,
    time: Date.UTC(2025, 0, 6, 12),
    assets: [],
    portfolio: { cash: 25_000, equity: 25_000, positions: [] },
    lessons: [],
    prompt,
    promptHash: sha256(prompt),
  };
}

/** The SDK logs provider warnings (DeepSeek's schema-in-prompt mode, say) to the console; tests keep quiet. */
globalThis.AI_SDK_LOG_WARNINGS = false;
