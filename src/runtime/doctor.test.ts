import { afterEach, describe, expect, it } from "vitest";
import { captureIo } from "../cli/io.js";
import { runCli } from "../cli/main.js";
import { LiveClock } from "../core/clock.js";
import { runDoctor } from "./doctor.js";
import { SimBridgeServer } from "./sim-bridge/sim-bridge-server.js";

let servers: SimBridgeServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.stop();
  servers = [];
});

async function bridge(): Promise<SimBridgeServer> {
  const server = new SimBridgeServer();
  servers.push(server);
  // the synthetic market in real time from now (crypto trades every day), heartbeats every 200 ms
  await server.start({
    rep: "tcp://127.0.0.1:*",
    pub: "tcp://127.0.0.1:*",
    symbols: ["BTC-USD"],
    source: { kind: "synthetic", seed: 1 },
    heartbeatMs: 200,
    speed: 1,
  });
  return server;
}

describe("hydra doctor", () => {
  it("checks ping, clock offset, account, symbols and tick flow on a healthy bridge", async () => {
    const server = await bridge();
    const checks = await runDoctor({
      bridge: server.endpoints.rep,
      ticks: server.endpoints.pub,
      symbols: ["BTC-USD"],
      clock: new LiveClock(),
      listenMs: 1500,
    });
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ["ping", "ok"],
      ["clock offset", "ok"],
      ["broker clock", "ok"],
      ["account", "ok"],
      ["symbol BTC-USD", "ok"],
      ["tick stream", "ok"],
      ["encryption", "ok"], // plaintext to loopback (a tunnel, or the same machine)
    ]);
    expect(checks[0]!.detail).toMatch(/median round trip [\d.]+ ms/);
    expect(checks[2]!.detail).toMatch(/^trade server at UTC\+0:00, measured from tick times/);
  });

  it("says what to fix when nothing answers, and exits 1", async () => {
    const io = captureIo();
    const code = await runCli(
      [
        "doctor",
        "--bridge",
        "tcp://127.0.0.1:9",
        "--ticks",
        "tcp://127.0.0.1:9",
        "--symbols",
        "XAUUSD",
        "--listen",
        "500ms",
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/FAIL {2}trade server: .*no reply to PING/);
    expect(io.stdout).toMatch(/→ is the trade server running/);
    expect(io.stdout).toMatch(/FAIL {2}tick stream: .*heartbeat NOT seen/);
  });

  it("flags a symbol the broker does not know", async () => {
    const server = await bridge();
    const checks = await runDoctor({
      bridge: server.endpoints.rep,
      ticks: server.endpoints.pub,
      symbols: ["BTC-USD", "DOGE"],
      clock: new LiveClock(),
      listenMs: 600,
    });
    expect(checks.find((c) => c.name === "symbol DOGE")).toMatchObject({
      status: "fail",
      fix: expect.stringMatching(/Market Watch/),
    });
  });
});
