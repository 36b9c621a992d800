import { afterEach, describe, expect, it } from "vitest";
import { Request, Subscriber } from "zeromq";
import { TestClock } from "../../core/clock.js";
import { SimBridgeServer } from "./sim-bridge-server.js";

const WED = Date.parse("2024-06-05T12:00:00Z");
const ANY = "tcp://127.0.0.1:*";

interface Reply {
  ok: boolean;
  requestId?: string;
  data?: Record<string, unknown> & { positions?: Array<{ ticket: number }> };
  error?: { code: string; retcode?: number };
}

let sockets: Array<Request | Subscriber> = [];
let servers: SimBridgeServer[] = [];

afterEach(async () => {
  for (const s of sockets) s.close();
  for (const s of servers) await s.stop();
  sockets = [];
  servers = [];
});

async function startServer(heartbeatMs = 200): Promise<SimBridgeServer> {
  const server = new SimBridgeServer();
  servers.push(server);
  await server.start({
    rep: ANY,
    pub: ANY,
    symbols: ["XAUUSD", "EURUSD"],
    source: { kind: "manual" },
    clock: new TestClock(WED),
    heartbeatMs,
  });
  server.pushTick("XAUUSD", 2345.1, 2345.3, WED - 1000);
  return server;
}

function client(server: SimBridgeServer, timeoutMs = 2000): Request {
  const s = new Request({ linger: 0, receiveTimeout: timeoutMs });
  s.connect(server.endpoints.rep);
  sockets.push(s);
  return s;
}

async function call(s: Request, request: unknown): Promise<Reply> {
  await s.send(typeof request === "string" ? request : JSON.stringify(request));
  const [frame] = await s.receive();
  return JSON.parse(frame!.toString()) as Reply;
}

const trade = (requestId: string) => ({
  cmd: "TRADE",
  symbol: "XAUUSD",
  direction: "BUY",
  volume: 0.01,
  sl: 2335,
  tp: 2365,
  comment: "HYDRA_test",
  requestId,
});

describe("SimBridgeServer over ZeroMQ", () => {
  it("resolves wildcard ports and serves PING, TRADE, POSITIONS and CLOSE", async () => {
    const server = await startServer();
    expect(server.endpoints.rep).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const s = client(server);
    expect(await call(s, { cmd: "PING", requestId: "p1" })).toEqual({
      ok: true,
      requestId: "p1",
      data: { reply: "PONG", serverTime: WED },
    });
    const t = await call(s, trade("t1"));
    expect(t.data).toMatchObject({ price: 2345.3, retcode: 10009, comment: "HYDRA_test|t1" });
    const ticket = t.data!.ticket as number;
    const pos = await call(s, { cmd: "POSITIONS" });
    expect(pos.data!.positions!.map((p) => p.ticket)).toEqual([ticket]);
    const c = await call(s, { cmd: "CLOSE", ticket, requestId: "c1" });
    expect(c.data).toMatchObject({ ticket, price: 2345.1, retcode: 10009 });
    expect((await call(s, { cmd: "POSITIONS" })).data!.positions).toEqual([]);
  });

  it("answers `command`, bad JSON and wrong fields with errors and keeps serving", async () => {
    const server = await startServer();
    const s = client(server);
    expect((await call(s, { command: "PING" })).error!.code).toBe("UNKNOWN_COMMAND");
    expect((await call(s, "{not json")).error!.code).toBe("BAD_REQUEST");
    expect(
      (await call(s, { cmd: "TRADE", symbol: "XAUUSD", direction: "LONG", volume: 1 })).error!.code,
    ).toBe("BAD_REQUEST");
    expect((await call(s, { cmd: "PING" })).data!.reply).toBe("PONG");
  });

  it("publishes ticks and heartbeats", async () => {
    const server = await startServer(100);
    const sub = new Subscriber({ linger: 0, receiveTimeout: 3000 });
    sockets.push(sub);
    sub.connect(server.endpoints.pub);
    sub.subscribe("XAUUSD");
    sub.subscribe("HEARTBEAT");
    // a heartbeat: the subscription is live (streamed ticks may come first; receiveTimeout bounds it)
    for (;;) {
      const [topic] = await sub.receive();
      if (topic!.toString() === "HEARTBEAT") break;
    }
    server.pushTick("XAUUSD", 2346.1, 2346.3, WED + 500);
    for (;;) {
      const [t, body] = await sub.receive();
      if (t!.toString() !== "XAUUSD") continue;
      expect(JSON.parse(body!.toString())).toEqual({
        symbol: "XAUUSD",
        bid: 2346.1,
        ask: 2346.3,
        time: WED + 500,
      });
      break;
    }
  });

  it("a dropped reply: the client times out, the trade is in POSITIONS afterwards", async () => {
    const server = await startServer();
    server.faults.dropReplies(1);
    const s = client(server, 300);
    await expect(call(s, trade("d1"))).rejects.toThrow();
    const s2 = client(server);
    expect((await call(s2, { cmd: "POSITIONS" })).data!.positions).toHaveLength(1);
    // the client resending the same id (it should not) gets the first reply, no second order
    expect((await call(s2, trade("d1"))).ok).toBe(true);
    expect((await call(s2, { cmd: "POSITIONS" })).data!.positions).toHaveLength(1);
  });

  it("delays, malforms, duplicates and forces retcodes", async () => {
    const server = await startServer();
    const s = client(server);
    server.faults.malformReplies(1);
    await s.send(JSON.stringify({ cmd: "PING" }));
    expect((await s.receive())[0]!.toString()).toBe("not json");
    server.faults.duplicateRequests(1);
    expect((await call(s, trade("dd1"))).ok).toBe(true);
    expect((await call(s, { cmd: "POSITIONS" })).data!.positions).toHaveLength(1);
    server.faults.forceRetcode(10031);
    expect((await call(s, trade("f1"))).error!.retcode).toBe(10031);
    expect((await call(s, { cmd: "POSITIONS" })).data!.positions).toHaveLength(2);
    server.faults.delayReplies(300, 1);
    const t0 = performance.now();
    await call(s, { cmd: "PING" });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it("a restart: a new client connects afterwards and the positions are still there", async () => {
    const server = await startServer();
    const before = server.endpoints;
    const s = client(server);
    expect((await call(s, trade("r1"))).ok).toBe(true);
    await server.faults.restart(50);
    expect(server.endpoints).toEqual(before);
    const s2 = client(server);
    expect((await call(s2, { cmd: "POSITIONS" })).data!.positions).toHaveLength(1);
  });

  it("a silent publisher sends no heartbeat", async () => {
    const server = await startServer(200);
    const sub = new Subscriber({ linger: 0, receiveTimeout: 1500 });
    sockets.push(sub);
    sub.connect(server.endpoints.pub);
    sub.subscribe("HEARTBEAT");
    await sub.receive();
    server.faults.silence();
    // drain what was already in flight, then nothing comes within 1.5 s
    const got: string[] = [];
    await expect(
      (async () => {
        for (;;) {
          const [t] = await sub.receive();
          got.push(t!.toString());
          if (got.length > 3) return;
        }
      })(),
    ).rejects.toThrow();
    expect(got.length).toBeLessThanOrEqual(1);
  });
});
