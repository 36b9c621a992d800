import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT, freePort, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the CurveZMQ end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-curve-"));
const running: HydraProcess[] = [];
afterAll(async () => {
  for (const p of running) await p.stop("SIGTERM");
});

const file = (name: string): string => path.join(dir, name);
const read = (name: string): string => readFileSync(file(name), "utf8").trim();

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  const p = spawnHydra(args, { env });
  const code = await p.exited();
  return { code, out: p.output() };
}

describe.skipIf(!BUILT)("CurveZMQ from the command line: keygen, the simulated bridge, doctor", () => {
  it("serves an allowed client encrypted and refuses a stranger, never printing a secret key", async () => {
    const outputs: string[] = [];
    for (const name of ["server", "client", "stranger"]) {
      const { code, out } = await run(["bridge", "keygen", "--out", dir, "--name", name]);
      expect(code).toBe(0);
      expect(out).toContain(`public key ${read(`${name}.pub`)}`);
      expect(statSync(file(`${name}.key`)).mode & 0o777).toBe(0o600);
      outputs.push(out);
    }
    // a second keygen never overwrites a pair silently
    const again = await run(["bridge", "keygen", "--out", dir, "--name", "client"]);
    expect(again.code).not.toBe(0);
    expect(again.out).toMatch(/exists.*--force/);

    const rep = `tcp://127.0.0.1:${await freePort()}`;
    const pub = `tcp://127.0.0.1:${await freePort()}`;
    const sim = spawnHydra(["bridge", "sim", "--rep", rep, "--pub", pub, "--symbols", "XAUUSD,EURUSD"], {
      env: {
        HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE: file("server.key"),
        HYDRA_BRIDGE_CURVE_CLIENTS_FILE: file("client.pub"),
      },
    });
    running.push(sim);
    await sim.waitFor(/CurveZMQ on: server public key (\S+), 1 allowed/, 20_000);
    expect(sim.output()).toContain(read("server.pub"));

    const doctor = ["doctor", "--bridge", rep, "--ticks", pub, "--symbols", "XAUUSD", "--listen", "2s"];
    const good = await run(doctor, {
      HYDRA_BRIDGE_SERVER_KEY_FILE: file("server.pub"),
      HYDRA_CLIENT_SECRET_KEY_FILE: file("client.key"),
    });
    outputs.push(good.out);
    expect(good.out).toMatch(/ok +encryption: CurveZMQ/);
    expect(good.out).toMatch(/ok +ping/);
    expect(good.out).toMatch(/tick stream: .*heartbeat seen/);
    expect(good.out).toMatch(/ok +account/);
    // (its exit code also depends on the clock offset: the synthetic market may open on another day)

    const stranger = await run(doctor, {
      HYDRA_BRIDGE_SERVER_KEY_FILE: file("server.pub"),
      HYDRA_CLIENT_SECRET_KEY_FILE: file("stranger.key"),
    });
    outputs.push(stranger.out);
    expect(stranger.code).toBe(1);
    expect(stranger.out).toMatch(/FAIL +trade server/);
    expect(stranger.out).toMatch(/FAIL +encryption: CurveZMQ configured, but no handshake completed/);
    expect(stranger.out).toMatch(/HYDRA_BRIDGE_CURVE_CLIENTS/);
    expect(stranger.out).toMatch(/heartbeat NOT seen/);
    await sim.waitFor(new RegExp(`refused a CurveZMQ client .*${escapeRegExp(read("stranger.pub"))}`), 5000);

    // a malformed key stops before any socket, naming the variable
    const bad = await run(doctor, {
      HYDRA_BRIDGE_SERVER_KEY_FILE: file("server.pub"),
      HYDRA_CLIENT_SECRET_KEY: "not-a-key",
    });
    outputs.push(bad.out);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/HYDRA_CLIENT_SECRET_KEY: expected a 40-character Z85 CurveZMQ secret key/);

    outputs.push(sim.output());
    for (const name of ["server", "client", "stranger"])
      for (const out of outputs) expect(out).not.toContain(read(`${name}.key`));
  }, 90_000);
});

describe.skipIf(!BUILT)("hydra trade and hydra ftmo over CurveZMQ", () => {
  it("trade on the encrypted feed with the keys from the environment; without them the feed stays dead", async () => {
    for (const name of ["server2", "client2"])
      expect((await run(["bridge", "keygen", "--out", dir, "--name", name])).code).toBe(0);
    const rep = `tcp://127.0.0.1:${await freePort()}`;
    const pub = `tcp://127.0.0.1:${await freePort()}`;
    const sim = spawnHydra(
      ["bridge", "sim", "--rep", rep, "--pub", pub, "--start", "2024-03-05T12:00:00Z", "--speed", "60"],
      {
        env: {
          HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE: file("server2.key"),
          HYDRA_BRIDGE_CURVE_CLIENTS: read("client2.pub"),
        },
      },
    );
    running.push(sim);
    await sim.waitFor(/CurveZMQ on/, 20_000);
    const keys = {
      HYDRA_BRIDGE_SERVER_KEY: read("server2.pub"),
      HYDRA_CLIENT_SECRET_KEY_FILE: file("client2.key"),
    };
    const bridge = ["--bridge", rep, "--ticks", pub];
    const trade = ["trade", "--mode", "paper", ...bridge, "--symbols", "XAUUSD", "--duration", "3s"];
    const traded = await run(trade, keys);
    expect(traded.code).toBe(0);
    expect(traded.out).toMatch(/"feedAlive":true/);
    expect(traded.out).not.toMatch(/"ticks":0,/);
    const ftmo = await run(
      ["ftmo", "--mode", "shadow", ...bridge, "--db", file("ftmo.db"), "--duration", "3s"],
      keys,
    );
    expect(ftmo.code).toBe(0);
    expect(ftmo.out).toMatch(/"mode":"shadow"/);
    expect(ftmo.out).not.toMatch(/"ticks":0,/);
    // plaintext against the encrypted bridge: no heartbeat ever, the run stops with exit code 1
    const plain = await run([...trade, "--feed-timeout", "2s"]);
    expect(plain.code).toBe(1);
    expect(plain.out).toMatch(/price feed .* died/);
    for (const out of [traded.out, ftmo.out, plain.out, sim.output()])
      for (const name of ["server2", "client2"]) expect(out).not.toContain(read(`${name}.key`));
  }, 90_000);
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
