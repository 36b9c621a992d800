import type { LanguageModelUsage } from "ai";
import { NO_USAGE, type Usage } from "../engine.js";
import type { Pricing } from "./llm-config.js";

export const costUsd = (inputTokens: number, outputTokens: number, p: Pricing): number =>
  (inputTokens * p.inputPerMTok + outputTokens * p.outputPerMTok) / 1_000_000;

/** The SDK's token counts as HYDRA's usage, priced with the engine's pricing. */
export function toUsage(u: LanguageModelUsage | undefined, pricing: Pricing): Usage {
  if (u === undefined) return { ...NO_USAGE };
  const inputTokens = u.inputTokens ?? 0;
  const outputTokens = u.outputTokens ?? 0;
  return { inputTokens, outputTokens, costUsd: costUsd(inputTokens, outputTokens, pricing) };
}
