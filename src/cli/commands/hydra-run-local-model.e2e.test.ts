import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type OllamaServer,
  startOllamaServer,
  userPrompt,
} from "../../hydra/llm/test-support/ollama-server.js";
import { btcModel, NO_PAID_KEYS, rows } from "../test-support/local-model-e2e.js";
import { BIN, BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn(
    "skipping the hydra run local-model end-to-end tests: dist/ is not built (make test builds it)",
  );

/** The one-step environment variable reaches `hydra run` once hydra-run.ts passes its engines through it. */
const ENV_WIRED =
  BUILT &&
  readFileSync(path.resolve(path.dirname(BIN), "../dist/src/cli/commands/hydra-run.js"), "utf8").includes(
    "engineConfigsFromEnv",
  );

const MODEL = "llama3.1:8b";
const ID = "local-llama3-1-8b";
/** no paid key reaches the run: the local model plays alone */
const NO_KEYS = NO_PAID_KEYS;

let procs: HydraProcess[] = [];
let ollama: OllamaServer | undefined;
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
  await ollama?.close();
  ollama = undefined;
});

function hydra(args: string[], env: Record<string, string | undefined> = {}): HydraProcess {
  const p = spawnHydra(args, { env: { ...NO_KEYS, ...env } });
  procs.push(p);
  return p;
}

/** A small model that trades: buys BTC at the prompt's price when flat, holds otherwise. */
const tradingModel = btcModel("local test model", { stop: 0.003, target: 0.004 });

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");
const RUN = ["run", "--paper", "--engines", "llm", "--assets", "BTC-USD", "--cycle", "1m", "--speed", "600"];

interface DecisionRow {
  engine: string;
  prompt_hash: string;
  decision: string | null;
  cause: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  outcome: string;
}

/** What the local model was asked, what it answered and what the run recorded. */
async function expectLocalGladiator(run: HydraProcess, db: string): Promise<void> {
  await run.waitFor(/cycle 8:/, 60_000);
  expect(await run.stop("SIGINT")).toBe(0);
  const out = run.output();
  // the console: the gladiator by its label at the start and in the table, by its id in each cycle's line
  expect(out).toMatch(/HYDRA \w+ \(paper, run 1\): llama3\.1:8b \(local\) on BTC-USD/);
  expect(out).toMatch(new RegExp(`cycle 8: \\d+ order\\(s\\); leaderboard #1 ${ID} `));
  expect(out).toMatch(/tournament:\n#\s+engine.*\n1\s+llama3\.1:8b \(local\)\s+\d+/);

  // asked: Ollama's chat endpoint, the model by name, the cycle's prompt, the answer schema, no key
  const chats = ollama!.chats();
  expect(chats.length).toBeGreaterThanOrEqual(8);
  for (const c of chats) {
    expect(c.model).toBe(MODEL);
    expect(userPrompt(c)).toMatch(/^You are local-llama3-1-8b, [\s\S]*\nBTC-USD: price [\d.]+/);
    expect(c.response_format?.type).toBe("json_schema");
  }
  expect(ollama!.requests.every((r) => r.url === "/v1/chat/completions")).toBe(true);
  expect(ollama!.requests.some((r) => r.headers.authorization !== undefined)).toBe(false);

  // answered and recorded: every decision of the local engine came from those prompts, at cost 0
  const decisions = rows<DecisionRow>(db, "SELECT * FROM hydra_decisions WHERE engine = ? ORDER BY id", ID);
  expect(decisions.length).toBeGreaterThanOrEqual(8);
  const asked = new Set(chats.map((c) => sha256(userPrompt(c))));
  for (const d of decisions) {
    expect(asked.has(d.prompt_hash), d.prompt_hash).toBe(true);
    expect(d.cause).toBeNull();
    expect(d.cost_usd).toBe(0);
    expect(d.input_tokens).toBeGreaterThan(0);
    expect(d.output_tokens).toBeGreaterThan(0);
    expect(JSON.parse(d.decision!)).toMatchObject({ asset: "BTC-USD", rationale: "local test model" });
  }
  expect(decisions.some((d) => d.outcome === "sent")).toBe(true);
  expect(rows(db, "SELECT DISTINCT engine FROM hydra_decisions")).toEqual([{ engine: ID }]);
}

describe.skipIf(!BUILT)("hydra run --engines llm with a local model (Ollama's OpenAI-compatible API)", () => {
  it("the three-line --llm-config: the local model is asked, answers, and its decisions are recorded at cost 0", async () => {
    ollama = await startOllamaServer([MODEL], tradingModel);
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-local-model-"));
    const config = path.join(dir, "local.json");
    // the documented file with the test server's address in place of Ollama's default
    writeFileSync(
      config,
      `[\n  {"provider": "ollama", "model": "${MODEL}", "baseURL": "${ollama.origin}/v1"}\n]\n`,
    );
    const db = path.join(dir, "hydra.db");
    const run = hydra([
      ...RUN,
      "--llm-config",
      config,
      "--db",
      db,
      "--record",
      path.join(dir, "calls.jsonl"),
    ]);
    await expectLocalGladiator(run, db);
    // every call is in the recording too, with its usage and no cost
    const calls = readFileSync(path.join(dir, "calls.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map(
        (l) => JSON.parse(l) as { engineId?: string; answer?: { ok: boolean; usage: { costUsd: number } } },
      )
      .filter((c) => c.engineId === ID);
    expect(calls.length).toBe(ollama.chats().length);
    expect(calls.every((c) => c.answer?.ok === true && c.answer.usage.costUsd === 0)).toBe(true);
  });

  it("a bad field in the short config is a usage error naming the entry and the field, before any run", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-local-model-"));
    const config = path.join(dir, "local.json");
    writeFileSync(config, '[{"provider": "ollama", "model": "llama3.1:8b", "baseURL": "127.0.0.1:11434"}]');
    const run = hydra([...RUN, "--llm-config", config, "--db", path.join(dir, "hydra.db")]);
    expect(await run.exited()).toBe(2);
    expect(run.output()).toMatch(/llm engines\[0\] "local-llama3-1-8b": baseURL: /);
  });

  it.skipIf(!ENV_WIRED)(
    "HYDRA_LOCAL_MODEL=llama3.1:8b, no file and no key: the local model plays alone",
    async () => {
      ollama = await startOllamaServer([MODEL], tradingModel);
      const dir = mkdtempSync(path.join(tmpdir(), "hydra-local-model-"));
      const db = path.join(dir, "hydra.db");
      const run = hydra([...RUN, "--db", db, "--record", path.join(dir, "calls.jsonl")], {
        HYDRA_LOCAL_MODEL: MODEL,
        // Ollama's address is the default; the test server's port stands in for it
        HYDRA_LOCAL_MODEL_URL: ollama.origin,
      });
      await expectLocalGladiator(run, db);
      // the paid engines sit out, and the log says which and why
      expect(run.output()).toMatch(
        /HYDRA_LOCAL_MODEL: left out for want of a key: deepseek \(DEEPSEEK_API_KEY\), claude \(ANTHROPIC_API_KEY\), grok \(XAI_API_KEY\), gemini \(GOOGLE_API_KEY\)\n/,
      );
    },
  );
});
