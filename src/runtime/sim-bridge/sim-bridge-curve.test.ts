import { afterEach, describe, expect, it } from "vitest";
import { curveKeyPair } from "zeromq";
import { TestClock } from "../../core/clock.js";
import { BridgeClient } from "../../execution/mt5/client/bridge-client.js";
import { BridgeTimeoutError } from "../../execution/mt5/client/bridge-errors.js";
import { CurveClientKeys } from "../../execution/mt5/client/curve-keys.js";
import { TickSubscriber } from "../../execution/mt5/client/tick-subscriber.js";
import { SimBridgeServer } from "./sim-bridge-server.js";

// the TypeScript client (trade and tick sockets) against the simulated bridge serving CurveZMQ
const WED = Date.parse("2024-06-05T12:00:00Z");
const server = curveKeyPair();
const allowed = curveKeyPair();
const stranger = curveKeyPair();

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function startBridge(refused: string[] = []): Promise<SimBridgeServer> {
  const sim = new SimBridgeServer();
  await sim.start({
    rep: "tcp://127.0.0.1:*",
    pub: "tcp://127.0.0.1:*",
    symbols: ["XAUUSD"],
    source: { kind: "manual" },
    clock: new TestClock(WED),
    heartbeatMs: 50,
    curve: { secretKey: server.secretKey, clients: [allowed.publicKey] },
    onCurveRefused: (key) => refused.push(key),
  });
  cleanup.push(() => sim.stop());
  return sim;
}

function clientOf(sim: SimBridgeServer, curve: CurveClientKeys | undefined): BridgeClient {
  const c = new BridgeClient({ endpoint: sim.endpoints.rep, timeoutMs: 600, retries: 1, curve });
  cleanup.push(() => c.close());
  return c;
}

function subscriberOf(sim: SimBridgeServer, curve: CurveClientKeys | undefined): TickSubscriber {
  const sub = new TickSubscriber({
    endpoint: sim.endpoints.pub,
    symbols: ["XAUUSD"],
    clock: new TestClock(WED),
    staleAfterMs: 60_000,
    onTick: () => {},
    curve,
  });
  sub.start();
  cleanup.push(() => sub.stop());
  return sub;
}

const keys = (serverKey: string, pair: { publicKey: string; secretKey: string }): CurveClientKeys =>
  new CurveClientKeys(serverKey, pair.publicKey, pair.secretKey);
const waitFor = async (cond: () => boolean, ms: number): Promise<boolean> => {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

describe("the simulated bridge with CurveZMQ and an allow-list", () => {
  it("answers an allowed client on both sockets", async () => {
    const sim = await startBridge();
    expect(sim.curvePublicKey).toBe(server.publicKey);
    const c = clientOf(sim, keys(server.publicKey, allowed));
    expect((await c.call("PING", {})).reply).toBe("PONG");
    const sub = subscriberOf(sim, keys(server.publicKey, allowed));
    expect(await waitFor(() => sub.feed.alive, 3000)).toBe(true);
  });

  it("refuses, as a timeout, a client not on the list, a wrong server key and a plaintext client", async () => {
    const refused: string[] = [];
    const sim = await startBridge(refused);
    for (const curve of [keys(server.publicKey, stranger), keys(stranger.publicKey, allowed), undefined]) {
      await expect(clientOf(sim, curve).call("PING", {})).rejects.toBeInstanceOf(BridgeTimeoutError);
    }
    expect(refused).toContain(stranger.publicKey); // the bridge names the refused key (a public key)
    const sub = subscriberOf(sim, keys(server.publicKey, stranger));
    await new Promise((r) => setTimeout(r, 400));
    expect(sub.feed.alive).toBe(false);
    expect(sub.feed.ticks + sub.feed.badFrames).toBe(0);
    // still serving the allowed client afterwards
    expect((await clientOf(sim, keys(server.publicKey, allowed)).call("PING", {})).reply).toBe("PONG");
  });

  it("keeps the CurveZMQ keys across a restart of its sockets", async () => {
    const sim = await startBridge();
    await sim.restart();
    expect((await clientOf(sim, keys(server.publicKey, allowed)).call("PING", {})).reply).toBe("PONG");
  });

  it("never shows the client's secret key in JSON or inspection", async () => {
    const { inspect } = await import("node:util");
    const k = keys(server.publicKey, allowed);
    expect(JSON.stringify({ curve: k })).not.toContain(allowed.secretKey);
    expect(inspect({ curve: k }, { depth: 5 })).not.toContain(allowed.secretKey);
    expect(JSON.stringify(k)).toContain(allowed.publicKey);
  });
});
