import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { rows, until } from "../test-support/local-model-e2e.js";
import { BUILT, freePort, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra run API end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-run-api-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const running: HydraProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop("SIGKILL", 5000);
});
const TOKEN = "test-token-not-a-secret";

describe.skipIf(!BUILT)("hydra run --api-port: the tournament over HTTP", () => {
  it("serves the leaderboard, the decisions and the dashboard; an engine paused through the API is not asked", async () => {
    const db = path.join(dir, "run.db");
    const port = await freePort();
    const run = spawnHydra(
      ["run", "--paper", "--speed", "600", "--cycle", "1m", "--db", db, "--api-port", String(port)],
      {
        env: { KILL_SWITCH: "false", HYDRA_API_TOKEN: TOKEN, USE_TURBO_BATCH: undefined },
      },
    );
    running.push(run);
    await run.waitFor(/API on http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(control on/, 30_000);
    await run.waitFor(/cycle 5:/, 60_000);
    const api = `http://127.0.0.1:${port}/api/v1`;
    const get = async <T>(p: string) => (await (await fetch(`${api}${p}`)).json()) as T;

    const board = await get<Array<{ rank: number; name: string; kind: string }>>("/leaderboard");
    expect(board.map((b) => b.name).sort()).toEqual([
      "offline-breakout",
      "offline-contrarian",
      "offline-momentum",
      "offline-reversion",
    ]);
    expect(board.every((b) => b.kind === "engine")).toBe(true);
    expect(await get("/status")).toMatchObject({ node: "hydra run", mode: "paper" });
    // the equity series carries each engine's desk (the dashboard's curves per engine)
    const equity = await get<Array<{ equity: number; byEngine?: Record<string, number> }>>("/equity");
    expect(equity.length).toBeGreaterThanOrEqual(5);
    const last = equity.at(-1)!;
    expect(Object.keys(last.byEngine ?? {}).sort()).toEqual(board.map((b) => b.name).sort());
    const sum = Object.values(last.byEngine!).reduce((s, x) => s + x, 0);
    expect(Math.abs(sum - last.equity)).toBeLessThan(0.05);
    const engines = await get<Array<{ name: string; state: string }>>("/bots");
    expect(engines.map((e) => e.state)).toEqual(["running", "running", "running", "running"]);
    // the dashboard is served by the node, its assets from the node too (no CDN)
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script[^>]+src="\/assets\/app\.js"/);

    // pause one engine through the API: its breaker opens, the next cycles record it as paused
    const refused = await fetch(`${api}/engines/offline-momentum/pause`, { method: "POST" });
    expect(refused.status).toBe(401);
    const paused = await fetch(`${api}/engines/offline-momentum/pause`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "x-hydra-operator": "e2e" },
    });
    expect(paused.status).toBe(200);
    expect(run.output()).toMatch(/operator e2e: pause engine offline-momentum/);
    const after = (run.output().match(/\(market\) cycle \d+:/g) ?? []).length;
    await until(() => (run.output().match(/\(market\) cycle \d+:/g) ?? []).length >= after + 3, 30_000);
    const states = await get<Array<{ name: string; state: string }>>("/bots");
    expect(states.find((e) => e.name === "offline-momentum")?.state).toBe("paused");
    expect(
      (
        await fetch(`${api}/engines/nobody/pause`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).status,
    ).toBe(404);

    // the decisions the API shows are the journal's
    const decisions = await get<{ total: number; items: Array<{ engine: string; outcome: string }> }>(
      "/decisions?pageSize=500",
    );
    expect(await run.stop("SIGINT")).toBe(0);
    const journalled = rows<{ n: number }>(db, "SELECT COUNT(*) AS n FROM hydra_decisions")[0]!.n;
    expect(decisions.total).toBeGreaterThan(0);
    expect(decisions.total).toBeLessThanOrEqual(journalled);
    const pausedRows = rows<{ n: number }>(
      db,
      "SELECT COUNT(*) AS n FROM hydra_decisions WHERE engine = 'offline-momentum' AND cause = 'paused'",
    )[0]!.n;
    expect(pausedRows).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
