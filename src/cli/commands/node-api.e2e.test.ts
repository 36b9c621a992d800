import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { rows } from "../test-support/local-model-e2e.js";
import {
  BUILT,
  freePort,
  type HydraProcess,
  spawnBridgeSim,
  spawnHydra,
} from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the node API end-to-end tests: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-node-api-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const running: HydraProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop("SIGKILL", 5000);
});
const TOKEN = "test-token-not-a-secret";
const post = (url: string) =>
  fetch(url, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "x-hydra-operator": "ops" } });
const config = (bots: string[]) =>
  `market:\n  speed: 120\n  start: "2024-03-12T12:00:00Z"\nftmo:\n  bots: [${bots.join(", ")}]\n`;

describe.skipIf(!BUILT)("the API of hydra ftmo and hydra trade, as users run them", () => {
  it("hydra ftmo: reload config stops the entries of a bot the file no longer lists, and resumes it when it is back", async () => {
    const db = path.join(dir, "reload.db");
    const file = path.join(dir, "node.yaml");
    writeFileSync(file, config(["us30-orb", "gold-ny-reversion"]));
    const port = await freePort();
    const node = spawnHydra(["ftmo", "--config", file, "--db", db, "--api-port", String(port)], {
      env: { KILL_SWITCH: "", EXECUTION_MODE: "", HYDRA_API_TOKEN: TOKEN },
    });
    running.push(node);
    await node.waitFor(/API on http:\/\/127\.0\.0\.1:\d+\/api\/v1/, 30_000);
    const api = `http://127.0.0.1:${port}/api/v1`;
    const states = async () =>
      Object.fromEntries(
        ((await (await fetch(`${api}/bots`)).json()) as Array<{ name: string; state: string }>).map((b) => [
          b.name,
          b.state,
        ]),
      );
    expect(await states()).toEqual({ "us30-orb": "running", "gold-ny-reversion": "running" });
    writeFileSync(file, config(["gold-ny-reversion"]));
    expect((await post(`${api}/config/reload`)).status).toBe(200);
    expect(await states()).toEqual({ "us30-orb": "paused", "gold-ny-reversion": "running" });
    writeFileSync(file, config(["us30-orb", "gold-ny-reversion"]));
    expect((await post(`${api}/config/reload`)).status).toBe(200);
    expect(await states()).toEqual({ "us30-orb": "running", "gold-ny-reversion": "running" });
    // a file broken meanwhile: refused, naming the field; the node trades on
    writeFileSync(file, `${config(["gold-ny-reversion"])}unknown: 1\n`);
    const broken = await post(`${api}/config/reload`);
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(await broken.json())).toMatch(/unknown/);
    expect(await states()).toEqual({ "us30-orb": "running", "gold-ny-reversion": "running" });
    expect(await node.stop("SIGINT")).toBe(0);
    expect(rows<{ action: string }>(db, "SELECT action FROM control_actions").map((r) => r.action)).toEqual([
      "reload config: entries stopped for us30-orb, resumed for no bot",
      "reload config: entries stopped for no bot, resumed for us30-orb",
    ]);
  }, 90_000);

  it("hydra trade --api-port: the node's account and positions over HTTP", async () => {
    const { rep, pub, sim } = await spawnBridgeSim(["--speed", "60", "--symbols", "BTC-USD"]);
    running.push(sim);
    const port = await freePort();
    const node = spawnHydra(
      [
        "trade",
        "--mode",
        "paper",
        "--bridge",
        rep,
        "--ticks",
        pub,
        "--symbols",
        "BTC-USD",
        "--api-port",
        String(port),
      ],
      { env: { KILL_SWITCH: "", EXECUTION_MODE: "" } },
    );
    running.push(node);
    await node.waitFor(
      /API on http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(control off: set HYDRA_API_TOKEN\)/,
      30_000,
    );
    const api = `http://127.0.0.1:${port}/api/v1`;
    const status = (await (await fetch(`${api}/status`)).json()) as { node: string; mode: string };
    expect(status).toMatchObject({ node: "trade", mode: "paper" });
    const account = (await (await fetch(`${api}/account`)).json()) as { balance: number; currency: string };
    expect(account).toMatchObject({ balance: 100_000, currency: "USD" });
    // without a token, control is off and says so
    const off = await fetch(`${api}/kill-switch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ on: true, reason: "x" }),
    });
    expect(off.status).toBe(403);
    expect(await node.stop("SIGINT")).toBe(0);
  }, 90_000);
});
