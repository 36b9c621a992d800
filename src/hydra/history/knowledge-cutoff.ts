import { DEFAULT_LLM_ENGINES } from "../llm/llm-config.js";

/**
 * Approximate training-data cutoffs of the models HYDRA's LLM engines use (epoch ms UTC, first day of the
 * month). These are APPROXIMATE — taken from the vendors' published "knowledge cutoff" / "training data"
 * notes where they exist and rounded late (a later date refuses more history, which is the safe side).
 * Override per model or per engine id with the backtest's `cutoffs` option.
 */
export const KNOWLEDGE_CUTOFFS: Readonly<Record<string, number>> = Object.freeze({
  "deepseek-chat": Date.UTC(2024, 6, 1),
  "deepseek-reasoner": Date.UTC(2024, 6, 1),
  "claude-sonnet-4-5": Date.UTC(2025, 6, 1),
  "claude-sonnet-4-6": Date.UTC(2025, 7, 1),
  "claude-opus-4-1": Date.UTC(2025, 2, 1),
  "grok-4": Date.UTC(2024, 11, 1),
  "gemini-2.5-flash": Date.UTC(2025, 0, 1),
  "gemini-2.5-pro": Date.UTC(2025, 0, 1),
  "gpt-4o": Date.UTC(2023, 9, 1),
  "gpt-4.1": Date.UTC(2024, 5, 1),
});

export type CutoffVerdict =
  | { ok: true }
  | { ok: false; reason: "the model may have seen this period"; cutoffMs: number; historyStartMs: number };

export const SEEN_PERIOD = "the model may have seen this period" as const;

/**
 * History that starts before the model's training cutoff may be in its training data: refused for that
 * engine unless the history is anonymised (renamed, rescaled and moved to a fictional epoch).
 */
export function cutoffGuard(
  modelCutoffMs: number,
  historyStartMs: number,
  anonymised = false,
): CutoffVerdict {
  if (anonymised || historyStartMs >= modelCutoffMs) return { ok: true };
  return { ok: false, reason: SEEN_PERIOD, cutoffMs: modelCutoffMs, historyStartMs };
}

/**
 * An engine's cutoff: an override by engine id, then by model, then the table. LLM engines whose model is
 * unknown get +Infinity (nothing un-anonymised is allowed); offline engines have none (undefined).
 */
export function engineCutoff(
  engine: { id: string; kind: "llm" | "offline" },
  overrides: Readonly<Record<string, number>> = {},
  models: Readonly<Record<string, string>> = {},
): number | undefined {
  const byId = overrides[engine.id];
  if (byId !== undefined) return byId;
  if (engine.kind === "offline") return undefined;
  const model = engineModel(engine.id, models);
  if (model === undefined) return Number.POSITIVE_INFINITY;
  return overrides[model] ?? KNOWLEDGE_CUTOFFS[model] ?? Number.POSITIVE_INFINITY;
}

/** The model behind an engine id: the given map, then DEFAULT_LLM_ENGINES. */
export function engineModel(
  engineId: string,
  models: Readonly<Record<string, string>> = {},
): string | undefined {
  return models[engineId] ?? DEFAULT_LLM_ENGINES.find((c) => c.id === engineId)?.model;
}
