import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { SqliteHydraJournal } from "../../persistence/sqlite-hydra-journal.js";
import type { EngineAnswer, EngineInput } from "../engine.js";
import type { DecisionRecord } from "../mother/hydra-journal.js";
import { CircuitBreaker, describeTransition } from "./circuit-breaker.js";
import { JsonlLlmCallStore } from "./jsonl-call-store.js";
import {
  DEFAULT_LLM_ENGINES,
  type LlmEngineConfig,
  parseLlmEngineConfig,
  withOverrides,
} from "./llm-config.js";
import { LlmEngine } from "./llm-engine.js";
import { configuredKeys } from "./redact.js";
import { engineInput } from "./test-support/fixtures.js";
import {
  anthropicMessages,
  type Captured,
  googleGenerate,
  openAiChat,
  startWireServer,
  type WireServer,
} from "./test-support/wire-server.js";

/** Keys shaped as the providers' are, and one that has no known shape (only its value can find it). */
// made up here, prefix + body, so that no line of the repository looks like a real key
const fakeKey = (prefix: string): string => `${prefix}SECRET${"0123456789".repeat(2)}`;
const ENV = {
  DEEPSEEK_API_KEY: fakeKey("sk-"),
  ANTHROPIC_API_KEY: fakeKey("sk-ant-api03-"),
  XAI_API_KEY: fakeKey("xai-"),
  GOOGLE_API_KEY: fakeKey("AIzaSy"),
  LOCAL_API_KEY: "plain local secret 42",
};
const SECRET_PARTS = [...Object.values(ENV), "SECRET", "plain local secret", "secret 42"];

const header = (req: Captured, name: string): string => String(req.headers[name] ?? "");

/** What each provider's endpoint says when it echoes the key it was sent (header, bare value, query). */
interface EchoCase {
  name: string;
  config(origin: string): LlmEngineConfig;
  echo(req: Captured): unknown;
}

const byId = (id: string): LlmEngineConfig => DEFAULT_LLM_ENGINES.find((c) => c.id === id)!;
const fast = { timeoutMs: 2000, maxRetries: 0 };
const openAiEcho = (req: Captured) => {
  const auth = header(req, "authorization");
  const bare = auth.replace(/^Bearer /, "");
  return openAiChat.error(`Incorrect API key provided: ${bare}. You sent "Authorization: ${auth}"`);
};

const CASES: EchoCase[] = [
  {
    name: "deepseek",
    config: (o) => withOverrides(byId("deepseek"), { ...fast, baseURL: `${o}/v1` }),
    echo: openAiEcho,
  },
  {
    name: "claude",
    config: (o) => withOverrides(byId("claude"), { ...fast, baseURL: `${o}/v1` }),
    echo: (req) =>
      anthropicMessages.error(
        "authentication_error",
        `invalid x-api-key: ${header(req, "x-api-key")} (key ${header(req, "x-api-key")})`,
      ),
  },
  {
    name: "grok",
    config: (o) => withOverrides(byId("grok"), { ...fast, baseURL: `${o}/v1` }),
    echo: openAiEcho,
  },
  {
    name: "gemini",
    config: (o) => withOverrides(byId("gemini"), { ...fast, baseURL: `${o}/v1beta` }),
    echo: (req) => {
      const key = header(req, "x-goog-api-key");
      return googleGenerate.error(
        401,
        "UNAUTHENTICATED",
        `API key not valid: ${key}; see ${req.url}?key=${key}`,
      );
    },
  },
  {
    name: "openai-compatible with a key of no known shape",
    config: (o) =>
      parseLlmEngineConfig({
        id: "local",
        label: "Local",
        provider: "openai-compatible",
        model: "llama3.1",
        baseURL: `${o}/v1`,
        apiKeyEnv: "LOCAL_API_KEY",
        temperature: 0,
        maxOutputTokens: 500,
        pricing: { inputPerMTok: 0, outputPerMTok: 0 },
        ...fast,
        budgets: { maxTokensPerDay: 1e6, maxUsdPerDay: 1 },
      }),
    echo: openAiEcho,
  },
];

/** The record the Mother AI makes of an answer without a decision. */
const record = (engineId: string, input: EngineInput, a: EngineAnswer): DecisionRecord => ({
  cycle: input.cycle,
  time: input.time,
  engineId,
  templateVersion: "test",
  promptHash: input.promptHash,
  decision: null,
  cause: a.ok ? null : a.cause,
  detail: a.ok ? "" : a.detail,
  usage: a.usage,
  latencyMs: a.latencyMs,
  outcome: "no-decision",
});

const never = new AbortController().signal;

describe.each(CASES)("an endpoint that echoes the key back: $name", (c) => {
  let server: WireServer;
  let dir: string;
  beforeEach(async () => {
    server = await startWireServer((req) => ({ status: 401, body: c.echo(req) }));
    dir = mkdtempSync(path.join(tmpdir(), "hydra-redact-"));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("nothing of the key lands in the JSONL recording, hydra_decisions, the answers or the breaker's log", async () => {
    const config = c.config(server.origin);
    const clock = new TestClock(Date.UTC(2025, 0, 6, 12));
    const jsonl = path.join(dir, "calls.jsonl");
    const dbFile = path.join(dir, "hydra.db");
    const journal = SqliteHydraJournal.open(dbFile, clock);
    const secrets = configuredKeys([...DEFAULT_LLM_ENGINES, config], ENV);
    const llm = new LlmEngine(config, { env: ENV, store: new JsonlLlmCallStore(jsonl), clock, secrets });
    const log: string[] = [];
    const engine = new CircuitBreaker(llm, {
      clock,
      secrets,
      onTransition: (t) => log.push(describeTransition(t)),
    });
    const answers: EngineAnswer[] = [];
    for (let cycle = 1; cycle <= 4; cycle++) {
      const input = { ...engineInput(`cycle ${cycle}`), cycle };
      const a = await engine.decide(input, never);
      answers.push(a);
      journal.recordDecision(record(config.id, input, a));
    }
    const rows = journal.db.prepare("SELECT cause, detail FROM hydra_decisions ORDER BY id").all() as Array<{
      cause: string;
      detail: string;
    }>;
    journal.close();

    // the endpoint did get the key and did echo it: the test would see it if it leaked
    expect(server.requests).toHaveLength(3);
    expect(JSON.stringify(server.requests.map((r) => r.headers))).toContain(
      ENV[config.apiKeyEnv as keyof typeof ENV],
    );
    expect(rows.map((r) => r.cause)).toEqual(["error", "error", "error", "paused"]);
    expect(rows[0]!.detail).toContain("HTTP 401");
    expect(rows[0]!.detail).toContain("[redacted]");
    expect(rows[3]!.detail).toContain("[redacted]");

    const recording = readFileSync(jsonl, "utf8");
    expect(recording.split("\n").filter((l) => l !== "")).toHaveLength(3);
    expect(recording).toContain("[redacted]");
    const database = readdirSync(dir)
      .filter((f) => f.startsWith("hydra.db"))
      .map((f) => readFileSync(path.join(dir, f)).toString("latin1"))
      .join("\n");
    expect(database).toContain("HTTP 401");
    const places = {
      recording,
      database,
      rows: JSON.stringify(rows),
      answers: JSON.stringify(answers),
      log: log.join("\n"),
    };
    for (const [where, text] of Object.entries(places))
      for (const part of SECRET_PARTS) expect(text.includes(part), `${part} in ${where}`).toBe(false);
  });
});
