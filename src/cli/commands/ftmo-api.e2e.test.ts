import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { BUILT, freePort, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra ftmo API end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-ftmo-api-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const running: HydraProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop("SIGKILL", 5000);
});

/** a test's own token, never a real one */
const TOKEN = "test-token-not-a-secret";

describe.skipIf(!BUILT)("hydra ftmo --api-port: the HTTP control plane of a running node", () => {
  it("shows the node as the journal has it, refuses control without the token, and the kill switch halts it", async () => {
    const db = path.join(dir, "api.db");
    const port = await freePort();
    const node = spawnHydra(
      [
        "ftmo",
        "--mode",
        "paper",
        "--db",
        db,
        "--speed",
        "120",
        "--start",
        "2024-03-12T12:00:00Z",
        "--api-port",
        String(port),
      ],
      { env: { KILL_SWITCH: "", EXECUTION_MODE: "", HYDRA_API_TOKEN: TOKEN } },
    );
    running.push(node);
    await node.waitFor(
      /API on http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(control on, with the bearer token\)/,
      30_000,
    );
    const api = `http://127.0.0.1:${port}/api/v1`;
    const get = async (p: string) => (await fetch(`${api}${p}`)).json() as Promise<Record<string, unknown>>;
    const post = (p: string, body: unknown, token?: string) =>
      fetch(`${api}${p}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hydra-operator": "e2e",
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      });

    // read: the node as it runs
    await node.waitFor(/\(market\) fill (buy|sell) [\d.]+ \w+ @ [\d.]+ \(market, R1\.P1\)/, 90_000);
    expect(await get("/health")).toMatchObject({ ok: true });
    expect(await get("/status")).toMatchObject({ node: "ftmo", mode: "paper", killSwitch: { on: false } });
    const challenge = await get("/challenge");
    expect(challenge).toMatchObject({ program: "ftmo-2step", phase: "challenge", verdict: "in_progress" });
    expect(challenge.minTradingDays).toBe(4);
    const bots = (await get("/bots")) as unknown as Array<{ name: string; state: string }>;
    expect(bots.map((b) => b.name)).toContain("us30-orb");

    // hydra status: one screen of the node, as the API has it
    const status = spawnHydra(["status", "--url", `http://127.0.0.1:${port}`]);
    running.push(status);
    expect(await status.exited()).toBe(0);
    expect(status.stdout()).toMatch(
      new RegExp(
        `^http://127\\.0\\.0\\.1:${port}: ftmo \\(paper\\), healthy, up \\d+ s\\n  equity [\\d.]+, balance [\\d.]+, today's realised P&L -?[\\d.]+\\n  ftmo-2step challenge: in_progress; loss room today [\\d.]+, to the max-loss floor [\\d.]+\\n  kill switch off\\n`,
      ),
    );
    const nobody = spawnHydra(["status", "--url", `http://127.0.0.1:${await freePort()}`]);
    running.push(nobody);
    expect(await nobody.exited()).toBe(1);
    expect(nobody.stdout()).toMatch(/UNREACHABLE \(.+\)/);

    // control without the token: refused, nothing changed; bad requests name the field, the node trades on
    expect((await post("/kill-switch", { on: true, reason: "no token" })).status).toBe(401);
    expect((await post("/kill-switch", { on: true, reason: "x" }, "wrong")).status).toBe(401);
    const unknownField = await post("/kill-switch", { on: true, reason: "x", force: 1 }, TOKEN);
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(await unknownField.json())).toMatch(/force/);
    const wrongType = await post("/kill-switch", { on: "yes", reason: "x" }, TOKEN);
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(await wrongType.json())).toMatch(/"on"|\bon\b/);
    const unknownPosition = await post("/positions/R9.P999/close", {}, TOKEN);
    expect(unknownPosition.status).toBe(404);
    expect(JSON.stringify(await unknownPosition.json())).toMatch(/R9\.P999/);
    expect((await get("/status")).killSwitch).toMatchObject({ on: false });
    expect(await get("/health")).toMatchObject({ ok: true });

    // pause a bot: its scope REDUCING (no entries, exits go on); resume
    expect((await post("/bots/us30-orb/pause", {}, TOKEN)).status).toBe(200);
    const paused = (await get("/bots")) as unknown as Array<{ name: string; state: string }>;
    expect(paused.find((b) => b.name === "us30-orb")?.state).toBe("paused");
    expect((await post("/bots/us30-orb/resume", {}, TOKEN)).status).toBe(200);
    expect((await post("/bots/no-such-bot/pause", {}, TOKEN)).status).toBe(404);

    // the kill switch with the token: halted within a second, journalled with who
    const t0 = performance.now();
    expect((await post("/kill-switch", { on: true, reason: "e2e drill" }, TOKEN)).status).toBe(200);
    await node.waitFor(/trading state (account|global): \w+ → HALTED/, 5000);
    // measured, not asserted (no timing assertions): the halt comes within the switch's 500 ms poll
    console.log(`kill switch through the API → halted in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(await get("/status")).toMatchObject({ killSwitch: { on: true, reason: "e2e drill", who: "e2e" } });
    expect(node.output()).toMatch(/operator e2e: kill switch on \(e2e drill\)/);

    // the API agrees with the journal: every closed trade, by id
    const trades = (await get("/trades?pageSize=500")) as { total: number; items: Array<{ id: string }> };
    expect(await node.stop("SIGINT")).toBe(0);
    const journal = new Database(db, { readonly: true });
    const ids = (journal.prepare("SELECT position_id AS id FROM trades").all() as Array<{ id: string }>).map(
      (r) => r.id,
    );
    // every control action journalled with who and when
    const actions = journal
      .prepare("SELECT at_wall, node, who, action FROM control_actions ORDER BY id")
      .all() as Array<{
      at_wall: string;
      node: string;
      who: string;
      action: string;
    }>;
    journal.close();
    expect(actions.map((a) => [a.node, a.who, a.action])).toEqual([
      ["ftmo", "e2e", "pause bot us30-orb"],
      ["ftmo", "e2e", "resume bot us30-orb"],
      ["ftmo", "e2e", "kill switch on (e2e drill)"],
    ]);
    for (const a of actions) expect(a.at_wall).toMatch(/^\d{4}-\d\d-\d\dT/);
    for (const t of trades.items) expect(ids).toContain(t.id);
    expect(ids.length).toBeGreaterThanOrEqual(trades.total);
  }, 150_000);
});
