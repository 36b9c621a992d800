import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curveKeyPair } from "zeromq";
import { LiveClock } from "../../../core/clock.js";
import { runDoctor } from "../../../runtime/doctor.js";
import { BridgeClient } from "./bridge-client.js";
import { BridgeTimeoutError } from "./bridge-errors.js";
import { CurveClientKeys } from "./curve-keys.js";
import { TickSubscriber } from "./tick-subscriber.js";

// HYDRA's client against the Windows bridge's own code (trade server and price streamer over the fake
// MetaTrader5 module), serving CurveZMQ with its allow-list from the variables the Windows service reads
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const PYTHON = "/usr/bin/python3";
const canRun = ((): boolean => {
  try {
    execFileSync(PYTHON, ["-c", "import zmq; assert zmq.has('curve')"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!canRun)
  console.warn("skipping the Python bridge CurveZMQ test: no /usr/bin/python3 with pyzmq and CURVE");

const SERVE = `
import os, sys, json, threading, logging
logging.basicConfig(level="INFO", format="%(levelname)s %(name)s: %(message)s")
sys.path.insert(0, "bridge/mt5")
from hydra_bridge.settings import load_settings
from hydra_bridge.mt5_adapter import Mt5Adapter
from hydra_bridge.price_streamer import PriceStreamer
from tests.helpers import make_server
from tests.fake_mt5 import make_fake
settings = load_settings(os.environ)
assert settings.curve is not None
logging.getLogger("hydra_bridge").info("settings: %s", settings.describe())
stop = threading.Event()
server, _, _ = make_server()
streamer = PriceStreamer(Mt5Adapter(mt5_module=make_fake()), ["XAUUSD"], heartbeat_s=0.1, poll_s=0.01)
for svc in (server, streamer):
    threading.Thread(target=svc.serve, args=("tcp://127.0.0.1:*",), kwargs={"curve": settings.curve, "stop_event": stop}, daemon=True).start()
    assert svc.ready.wait(5)
print(json.dumps({"rep": server.endpoint, "pub": streamer.endpoint}), flush=True)
sys.stdin.read()
stop.set()
`;

const server = curveKeyPair();
const allowed = curveKeyPair();
const stranger = curveKeyPair();
let bridge: ChildProcess | undefined;
let logs = "";
let endpoints = { rep: "", pub: "" };
const closers: Array<() => void> = [];

beforeAll(async () => {
  if (!canRun) return;
  const proc = spawn(PYTHON, ["-c", SERVE], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HYDRA_BRIDGE_CURVE_SECRET_KEY: server.secretKey,
      HYDRA_BRIDGE_CURVE_PUBLIC_KEY: server.publicKey,
      HYDRA_BRIDGE_CURVE_CLIENTS: allowed.publicKey,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  bridge = proc;
  proc.stderr?.on("data", (d: Buffer) => {
    logs += d.toString();
  });
  endpoints = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the Python bridge did not start: ${logs}`)), 15_000);
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(JSON.parse(out));
      }
    });
    proc.once("exit", (code) => reject(new Error(`the Python bridge exited (${code}): ${logs}`)));
  });
}, 20_000);

afterAll(async () => {
  for (const c of closers) c();
  if (bridge === undefined) return;
  const exited = new Promise((r) => bridge?.once("exit", r));
  bridge.stdin?.end();
  const timer = setTimeout(() => bridge?.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
});

const keys = (serverKey: string, pair: { publicKey: string; secretKey: string }): CurveClientKeys =>
  new CurveClientKeys(serverKey, pair.publicKey, pair.secretKey);

function client(curve: CurveClientKeys | undefined): BridgeClient {
  const c = new BridgeClient({ endpoint: endpoints.rep, timeoutMs: 700, retries: 1, curve });
  closers.push(() => c.close());
  return c;
}

async function feedAlive(curve: CurveClientKeys, waitMs: number): Promise<boolean> {
  const sub = new TickSubscriber({
    endpoint: endpoints.pub,
    symbols: ["XAUUSD"],
    clock: new LiveClock(),
    staleAfterMs: 60_000,
    onTick: () => {},
    curve,
  });
  sub.start();
  const until = Date.now() + waitMs;
  while (!sub.feed.alive && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  const alive = sub.feed.alive;
  sub.stop();
  return alive;
}

describe.skipIf(!canRun)("the TypeScript client against the Python bridge serving CurveZMQ", () => {
  it("an allowed client gets PONG and the heartbeat", async () => {
    expect((await client(keys(server.publicKey, allowed)).call("PING", {})).reply).toBe("PONG");
    expect(await feedAlive(keys(server.publicKey, allowed), 3000)).toBe(true);
  });

  it("hydra doctor names the trade server's zone the Python bridge converts with, and whether it is measured", async () => {
    const h = await client(keys(server.publicKey, allowed)).call("HEARTBEAT", {});
    expect(typeof h.serverOffsetMs).toBe("number");
    const checks = await runDoctor({
      bridge: endpoints.rep,
      ticks: endpoints.pub,
      symbols: ["XAUUSD"],
      clock: new LiveClock(),
      listenMs: 500,
      curve: keys(server.publicKey, allowed),
    });
    const clock = checks.find((c) => c.name === "broker clock")!;
    const hours = h.serverOffsetMs! / 3_600_000;
    expect(clock.detail).toContain(`trade server at UTC${hours < 0 ? "−" : "+"}${Math.abs(hours)}:00`);
    expect(clock.status).toBe(h.serverOffsetMeasured ? "ok" : "warn");
  });

  it("a client not on the allow-list, a wrong server key and a plaintext client time out", async () => {
    for (const curve of [keys(server.publicKey, stranger), keys(stranger.publicKey, allowed), undefined])
      await expect(client(curve).call("PING", {})).rejects.toBeInstanceOf(BridgeTimeoutError);
    expect(await feedAlive(keys(server.publicKey, stranger), 600)).toBe(false);
    // the bridge is still serving, and its log names no secret key
    expect((await client(keys(server.publicKey, allowed)).call("PING", {})).reply).toBe("PONG");
    expect(logs).toMatch(/refused a CurveZMQ client/);
    for (const k of [server.secretKey, allowed.secretKey, stranger.secretKey]) expect(logs).not.toContain(k);
  });
});
