import { type LanguageModel, type Warning, wrapLanguageModel } from "ai";
import { redact } from "./redact.js";

/** A provider warning in one line, as the SDK words it ("The feature … is not supported"). */
export function formatSdkWarning(w: Warning): string {
  switch (w.type) {
    case "unsupported":
      return `the feature "${w.feature}" is not supported${w.details === undefined ? "" : `: ${w.details}`}`;
    case "compatibility":
      return `the feature "${w.feature}" is used in a compatibility mode${w.details === undefined ? "" : `: ${w.details}`}`;
    case "other":
      return w.message;
    default:
      return JSON.stringify(w);
  }
}

/**
 * The SDK's provider warnings, each distinct one logged once per engine (the SDK would print them on
 * every call, so every cycle). One per run, shared by the engines of a process.
 */
export class SdkWarningLog {
  private readonly seen = new Map<string, Set<string>>();

  /**
   * `log`: the operator's log (the runtime's); `redactText`: applied to a warning before it is logged
   * (by default the secret shapes of redact(); give it the run's keys: (t) => redact(t, keys))
   */
  constructor(
    private readonly log: (line: string) => void,
    private readonly redactText: (text: string) => string = (t) => redact(t),
  ) {}

  report(engineId: string, warnings: readonly Warning[]): void {
    let seen = this.seen.get(engineId);
    if (seen === undefined) {
      seen = new Set();
      this.seen.set(engineId, seen);
    }
    for (const w of warnings) {
      const text = this.redactText(formatSdkWarning(w));
      if (seen.has(text)) continue;
      seen.add(text);
      this.log(`llm ${engineId}: SDK warning (shown once per run): ${text}`);
    }
  }
}

/**
 * The model with its provider warnings handed to `report` and taken out of the SDK's result, so that
 * the SDK has nothing to print. A model given by name (the SDK's gateway) is returned as it is.
 */
export function reportingWarnings(
  model: LanguageModel,
  report: (warnings: readonly Warning[]) => void,
): LanguageModel {
  if (typeof model === "string" || model.specificationVersion !== "v3") return model;
  return wrapLanguageModel({
    model,
    middleware: {
      specificationVersion: "v3",
      wrapGenerate: async ({ doGenerate }) => {
        const r = await doGenerate();
        if (r.warnings.length > 0) report(r.warnings);
        return { ...r, warnings: [] };
      },
    },
  });
}
