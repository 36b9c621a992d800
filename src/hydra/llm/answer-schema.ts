import { z } from "zod";
import { EngineAnswerSchema } from "../engine.js";
import { sha256 } from "./call-recorder.js";

/** The JSON schema the engines are asked to answer with, and its hash (stored with every call). */
export const ANSWER_JSON_SCHEMA: Readonly<Record<string, unknown>> = z.toJSONSchema(EngineAnswerSchema);
export const ANSWER_SCHEMA_HASH = sha256(JSON.stringify(ANSWER_JSON_SCHEMA));

const UNION_KEYS = ["anyOf", "oneOf", "allOf"] as const;

/**
 * Where a JSON schema uses a union (anyOf / oneOf / allOf, or a list of types): Gemini's responseSchema
 * takes none of them. Returns the JSON-pointer-like paths, empty when the schema is Gemini-safe.
 */
export function schemaUnions(schema: unknown, at = "#"): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => schemaUnions(s, `${at}/${i}`));
  if (typeof schema !== "object" || schema === null) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if ((UNION_KEYS as readonly string[]).includes(k)) out.push(`${at}/${k}`);
    if (k === "type" && Array.isArray(v) && v.filter((t) => t !== "null").length > 1) out.push(`${at}/type`);
    out.push(...schemaUnions(v, `${at}/${k}`));
  }
  return out;
}

/**
 * The system prompt every engine gets. It carries the word "json" in lower case: DeepSeek's JSON mode
 * (`response_format: json_object`) refuses a request whose messages do not mention it.
 */
export const SYSTEM_PROMPT =
  'You are a trading engine. Reply with exactly one json object of the form {"decisions": [...]} that matches the given schema, and nothing else.';

/** For a server without native structured output (json_object only): the schema goes into the prompt. */
export const systemPromptWithSchema = (): string =>
  `${SYSTEM_PROMPT} The json schema: ${JSON.stringify(ANSWER_JSON_SCHEMA)}`;
