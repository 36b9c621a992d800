import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type OllamaChatRequest,
  type OllamaServer,
  startOllamaServer,
} from "../../hydra/llm/test-support/ollama-server.js";
import { btcModel, LOCAL_ID, LOCAL_MODEL, NO_PAID_KEYS, until } from "../test-support/local-model-e2e.js";
import { BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the hydra run circuit-breaker end-to-end test: dist/ is not built");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-breaker-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const MODEL = LOCAL_MODEL;
const ID = LOCAL_ID;
const holding = btcModel("back", { stop: 0.01, target: 0.01, action: "hold" });

describe.skipIf(!BUILT)("hydra run: an engine that keeps failing, as the operator sees it", () => {
  it("says each cycle's failure in one line, pauses the engine after three, and `hydra engine resume` brings it back", async () => {
    let healthy = false;
    const ollama: OllamaServer = await startOllamaServer([MODEL], (req: OllamaChatRequest) => {
      if (!healthy) return { status: 500, body: { error: { message: "model crashed", type: "api_error" } } };
      return holding(req);
    });
    cleanup.push(() => ollama.close());
    const db = path.join(dir, "breaker.db");
    const run = spawnHydra(
      ["run", "--engines", "llm", "--assets", "BTC-USD", "--cycle", "1m", "--speed", "120", "--db", db],
      {
        env: {
          ...NO_PAID_KEYS,
          HYDRA_LOCAL_MODEL: MODEL,
          HYDRA_LOCAL_MODEL_URL: ollama.origin,
        },
      },
    );
    cleanup.push(() => run.stop("SIGKILL", 5000));
    // every failing cycle says so in one line (a cycle where all engines fail is not a quiet one)
    await run.waitFor(new RegExp(`cycle 1: 1 of 1 engines? failed — ${ID} error \\(.*500`), 30_000);
    // three in a row: the breaker pauses it and says until when; it is not asked meanwhile
    await run.waitFor(
      new RegExp(`circuit breaker ${ID}: closed → open after 3 consecutive failures .*; paused until `),
      30_000,
    );
    const askedWhenOpen = ollama.chats().length;
    await run.waitFor(/cycle 6:/, 30_000);
    expect(ollama.chats().length).toBe(askedWhenOpen);

    // the operator resumes it from another terminal: applied within a second, journalled, asked again
    healthy = true;
    const cli = spawnHydra(["engine", "resume", ID, "--db", db]);
    expect(await cli.exited()).toBe(0);
    expect(cli.stdout()).toMatch(new RegExp(`asked: resume ${ID}`));
    await run.waitFor(new RegExp(`operator: resume ${ID} \\(asked by .+ at .+\\): resumed`), 5000);
    await until(() => ollama.chats().length > askedWhenOpen, 15_000);
    expect(ollama.chats().length).toBeGreaterThan(askedWhenOpen);
    expect(run.output()).toMatch(new RegExp(`circuit breaker ${ID}: open → closed: resumed by command`));
    expect(await run.stop("SIGINT")).toBe(0);

    const d = new Database(db, { readonly: true });
    const commands = d.prepare("SELECT engine, action, outcome FROM engine_commands").all();
    const causes = d
      .prepare("SELECT cause, COUNT(*) AS n FROM hydra_decisions GROUP BY cause")
      .all() as Array<{
      cause: string | null;
      n: number;
    }>;
    d.close();
    expect(commands).toEqual([{ engine: ID, action: "resume", outcome: "resumed" }]);
    const n = Object.fromEntries(causes.map((c) => [String(c.cause), c.n]));
    expect(n.error).toBe(3);
    expect(n.paused).toBeGreaterThan(0);
    expect(n.null).toBeGreaterThan(0); // answered again after the resume
  }, 120_000);
});
