import { REDACTED, redact } from "../../core/redact.js";
import type { EngineAnswer } from "../engine.js";

export { REDACTED, redact };

/** The values of the key variables the engine configs name (`apiKeyEnv`), those that are set. */
export function configuredKeys(
  configs: ReadonlyArray<{ apiKeyEnv?: string | undefined }>,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const keys = new Set<string>();
  for (const c of configs) {
    const v = c.apiKeyEnv === undefined ? undefined : env[c.apiKeyEnv];
    if (v !== undefined && v.trim() !== "") keys.add(v.trim());
  }
  return [...keys];
}

/** An engine's answer with the provider's words redacted: detail and raw text, decisions' rationales. */
export function redactAnswer(a: EngineAnswer, secrets: readonly string[]): EngineAnswer {
  if (!a.ok) return { ...a, detail: redact(a.detail, secrets), raw: redact(a.raw, secrets) };
  return {
    ...a,
    raw: redact(a.raw, secrets),
    decisions: a.decisions.map((d) => ({ ...d, rationale: redact(d.rationale, secrets) })),
  };
}
