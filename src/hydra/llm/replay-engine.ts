import type { Engine, EngineAnswer, EngineInput } from "../engine.js";
import { NO_USAGE } from "../engine.js";
import { type LlmCallStore, paramsHash } from "./call-recorder.js";
import type { LlmEngineConfig } from "./llm-config.js";
import { callParams } from "./llm-engine.js";
import { redactAnswer } from "./redact.js";

/**
 * Answers from recorded calls, with no API call: the recorded answer of the same engine, prompt and
 * parameters, bit for bit (decisions, raw text, usage, latency). No recording is a "no decision" (error).
 * A recording made before answers were redacted has its secret-shaped tokens redacted on the way out.
 */
export class ReplayEngine implements Engine {
  readonly kind = "llm" as const;
  readonly id: string;
  readonly label: string;
  private readonly paramsHash: string;

  constructor(
    config: LlmEngineConfig,
    private readonly store: LlmCallStore,
  ) {
    this.id = config.id;
    this.label = `${config.label} (replay)`;
    this.paramsHash = paramsHash(callParams(config));
  }

  async decide(input: EngineInput, _signal: AbortSignal): Promise<EngineAnswer> {
    const rec = this.store.find(this.id, input.promptHash, this.paramsHash);
    if (rec === undefined) {
      return {
        ok: false,
        cause: "error",
        detail: "no recording",
        usage: { ...NO_USAGE },
        latencyMs: 0,
        raw: "",
      };
    }
    return redactAnswer(structuredClone(rec.answer), []);
  }
}
