import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openAiChat, startWireServer, type WireServer } from "../../hydra/llm/test-support/wire-server.js";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra run --replay end-to-end test: dist/ is not built (make test builds it)");

let procs: HydraProcess[] = [];
let server: WireServer | undefined;
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
  await server?.close();
});

function hydra(args: string[]): HydraProcess {
  const p = spawnHydra(args, { env: { KILL_SWITCH: "false" } });
  procs.push(p);
  return p;
}

const rows = (db: string, sql: string): unknown[] => {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all();
  } finally {
    d.close();
  }
};

describe.skipIf(!BUILT)("hydra run --replay FILE", () => {
  it("rebuilds a recorded LLM run bit for bit from the recording alone (no API call)", async () => {
    // a local OpenAI-compatible model: buys BTC at the prompt's price when it holds nothing
    server = await startWireServer((req) => {
      const prompt = JSON.stringify(req.body);
      const price = Number(prompt.match(/BTC-USD: price ([\d.]+)/)?.[1]);
      const holds = /open (long|short) BTC-USD/.test(prompt);
      const decision = {
        action: holds ? "hold" : "open",
        asset: "BTC-USD",
        direction: "long",
        entry: price,
        stopLoss: Number((price * 0.997).toFixed(2)),
        takeProfit: Number((price * 1.004).toFixed(2)),
        confidence: 0.6,
        rationale: "test model",
      };
      return {
        status: 200,
        body: openAiChat.ok(JSON.stringify({ decisions: [decision] }), { input: 100, output: 50 }),
      };
    });
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-replay-"));
    const engine = (id: string) => ({
      id,
      label: `Local ${id}`,
      provider: "openai-compatible",
      model: "local-model",
      baseURL: `${server!.origin}/v1`,
      temperature: 0,
      maxOutputTokens: 500,
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
      timeoutMs: 10_000,
      maxRetries: 0,
      budgets: { maxTokensPerDay: 1e9, maxUsdPerDay: 1 },
      structuredOutputs: false,
    });
    const cfg = path.join(dir, "llm.json");
    writeFileSync(cfg, JSON.stringify([engine("a"), engine("b")]));
    const rec = path.join(dir, "calls.jsonl");
    const [db1, db2] = [path.join(dir, "recorded.db"), path.join(dir, "replayed.db")];
    const common = ["--paper", "--llm-config", cfg, "--speed", "600", "--json"];
    const recording = hydra([
      "run",
      "--engines",
      "llm",
      "--record",
      rec,
      "--db",
      db1,
      "--assets",
      "BTC-USD",
      "--cycle",
      "1m",
      ...common,
    ]);
    await recording.waitFor(/cycle 40:/, 60_000);
    // a position must have closed before the recording stops: how many cycles its stop or target
    // takes depends on where the model's entries fell, so the recording runs on until one has
    const closed = (db: string) => (rows(db, "SELECT COUNT(*) AS n FROM hydra_trades")[0] as { n: number }).n;
    const deadline = Date.now() + 120_000;
    while (closed(db1) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const printed = [...recording.output().matchAll(/cycle (\d+):/g)].map((m) => Number(m[1]));
    // two cycles more, so the close lies before the last decision both runs compare
    const lastPrinted = Math.max(40, ...printed) + 2;
    await recording.waitFor(new RegExp(`cycle ${lastPrinted}:`), 60_000);
    expect(await recording.stop("SIGINT")).toBe(0);
    const calls = server.requests.length;
    expect(calls).toBeGreaterThan(40);
    // the replay takes the market's seed, start, assets and cycle from the recording
    const replay = hydra(["run", "--replay", rec, "--db", db2, ...common]);
    await replay.waitFor(/replaying the run recorded at .* seed 1, market start/, 30_000);
    await replay.waitFor(new RegExp(`cycle ${lastPrinted}:`), 120_000);
    expect(await replay.stop("SIGINT")).toBe(0);
    expect(server.requests.length).toBe(calls);
    const cycles = (db: string) =>
      (rows(db, "SELECT MAX(cycle) AS n FROM hydra_decisions")[0] as { n: number }).n;
    const n = Math.min(cycles(db1), cycles(db2));
    expect(n).toBeGreaterThanOrEqual(lastPrinted);
    const decisions = (db: string) =>
      rows(
        db,
        `SELECT cycle, market_time, engine, prompt_hash, decision, cause, outcome FROM hydra_decisions WHERE cycle <= ${n} ORDER BY id`,
      );
    const recorded = decisions(db1);
    expect(recorded.filter((d) => (d as { outcome: string }).outcome === "sent").length).toBeGreaterThan(0);
    expect(decisions(db2)).toEqual(recorded);
    const lastTime = (recorded.at(-1) as { market_time: string }).market_time;
    const trades = (db: string) =>
      rows(
        db,
        `SELECT timestamp, engine, asset, direction, pnl, entry_price, exit_price FROM hydra_trades WHERE timestamp <= '${lastTime}' ORDER BY timestamp, engine`,
      );
    expect(trades(db1).length).toBeGreaterThan(0);
    expect(trades(db2)).toEqual(trades(db1));
  });
});
