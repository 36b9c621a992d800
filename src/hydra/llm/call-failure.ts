import {
  APICallError,
  JSONParseError,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  RetryError,
  TypeValidationError,
} from "ai";
import { z } from "zod";
import { NO_USAGE, type NoDecisionCause, type Usage } from "../engine.js";
import type { Pricing } from "./llm-config.js";
import { toUsage } from "./usage.js";

/** Why the engine aborted its own call: its timeout, or the caller's signal (the cycle's cutoff). */
export class CallAborted extends Error {
  constructor(readonly why: "timeout" | "cutoff") {
    super(why === "timeout" ? "engine timeout" : "cycle cut off");
  }
}

export interface Failure {
  /** the causes of a call that was made */
  cause: Extract<NoDecisionCause, "invalid" | "timeout" | "error" | "cutoff">;
  detail: string;
  raw: string;
  usage: Usage;
}

/** The most issues a detail lists; the rest are counted. */
const MAX_ISSUES = 5;

const issuePath = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "") || "(root)";

/** zod issues as `decisions[0].confidence: Too big: expected number to be <=1; …` */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES).map((i) => `${issuePath(i.path)}: ${i.message}`);
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : "";
  return `${shown.join("; ")}${more}`;
}

/**
 * Why the structured output was refused, from the SDK's error: the zod issue paths when the JSON broke
 * the schema, the parser's message when it was not JSON. Nothing is repaired or guessed.
 */
function invalidDetail(e: NoObjectGeneratedError): string {
  const c = e.cause;
  if (TypeValidationError.isInstance(c) && c.cause instanceof z.ZodError)
    return `answer does not match the schema: ${describeIssues(c.cause.issues)}`;
  if (JSONParseError.isInstance(c))
    return `answer is not JSON: ${c.cause instanceof Error ? c.cause.message : c.message}`;
  return `no valid object: ${c instanceof Error ? c.message : e.message}`;
}

/**
 * A failed call as an answer's cause, detail and raw text. The detail and raw text are the provider's
 * words: the engine redacts them before they go anywhere.
 */
export function describeFailure(
  e: unknown,
  aborted: CallAborted | undefined,
  pricing: Pricing,
  timeoutMs: number,
): Failure {
  if (aborted !== undefined) {
    const detail = aborted.why === "timeout" ? `no answer within ${timeoutMs} ms` : "aborted by the caller";
    return { cause: aborted.why, detail, raw: "", usage: { ...NO_USAGE } };
  }
  if (NoObjectGeneratedError.isInstance(e)) {
    return {
      cause: "invalid",
      detail: invalidDetail(e),
      raw: e.text ?? "",
      usage: toUsage(e.usage, pricing),
    };
  }
  if (NoOutputGeneratedError.isInstance(e)) {
    return { cause: "invalid", detail: `no output: ${e.message}`, raw: "", usage: { ...NO_USAGE } };
  }
  const last = RetryError.isInstance(e) ? e.lastError : e;
  if (APICallError.isInstance(last)) {
    const status = last.statusCode === undefined ? "network" : `HTTP ${last.statusCode}`;
    return {
      cause: "error",
      detail: `${status}: ${last.message}`,
      raw: last.responseBody ?? "",
      usage: { ...NO_USAGE },
    };
  }
  const message = last instanceof Error ? `${last.name}: ${last.message}` : String(last);
  return { cause: "error", detail: message, raw: "", usage: { ...NO_USAGE } };
}
