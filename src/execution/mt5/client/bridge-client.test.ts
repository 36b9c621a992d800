import { afterEach, describe, expect, it } from "vitest";
import { Reply } from "zeromq";
import { parseRequest } from "../protocol/parse-request.js";
import { BridgeClient } from "./bridge-client.js";
import { BridgeProtocolError, BridgeReplyError, BridgeTimeoutError } from "./bridge-errors.js";

type Behaviour = "answer" | "drop" | "garbage";

/** A REP server on a loopback port whose behaviour per request the test scripts. */
async function scriptedBridge(script: Behaviour[]) {
  const sock = new Reply({ linger: 0 });
  await sock.bind("tcp://127.0.0.1:*");
  const seen: Array<Record<string, unknown>> = [];
  let n = 0;
  const loop = (async () => {
    try {
      for await (const [frame] of sock) {
        const p = parseRequest(frame!);
        const req = p.ok ? (p.request as unknown as Record<string, unknown>) : {};
        seen.push(req);
        const what = script[n++] ?? "answer";
        if (what === "drop") {
          // a REP socket must answer before it can receive again: answer into the void after the client gave up
          await new Promise((r) => setTimeout(r, 300));
          await sock.send(
            JSON.stringify({ ok: true, requestId: req.requestId, data: { reply: "PONG", serverTime: 1 } }),
          );
          continue;
        }
        if (what === "garbage") {
          await sock.send("not json");
          continue;
        }
        const data =
          req.cmd === "TRADE"
            ? {
                ticket: 42,
                order: 42,
                price: 2000.3,
                volume: req.volume,
                retcode: 10009,
                comment: "x",
                magic: 1,
              }
            : req.cmd === "CLOSE"
              ? null
              : { reply: "PONG", serverTime: 1717000000000 };
        if (data === null)
          await sock.send(
            JSON.stringify({
              ok: false,
              requestId: req.requestId,
              error: { code: "MT5_ERROR", message: "market closed", retcode: 10018 },
            }),
          );
        else await sock.send(JSON.stringify({ ok: true, requestId: req.requestId, data }));
      }
    } catch {
      // closed
    }
  })();
  return {
    endpoint: sock.lastEndpoint!,
    seen,
    close: async () => {
      sock.close();
      await loop;
    },
  };
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function setup(script: Behaviour[], timeoutMs = 150) {
  const server = await scriptedBridge(script);
  const client = new BridgeClient({ endpoint: server.endpoint, timeoutMs, retries: 3, idPrefix: "t" });
  cleanup.push(() => client.close(), server.close);
  return { server, client };
}

describe("bridge client over real ZeroMQ sockets", () => {
  it("gets a PONG and echoes its request id", async () => {
    const { client, server } = await setup([]);
    expect(await client.call("PING", {})).toEqual({ reply: "PONG", serverTime: 1717000000000 });
    expect(server.seen[0]).toMatchObject({ cmd: "PING", requestId: "t1" });
  });

  it("retries a read-only command on a fresh socket after a dropped reply (Lazy Pirate)", async () => {
    const { client, server } = await setup(["drop"]);
    expect((await client.call("PING", {})).reply).toBe("PONG");
    // the REP server is busy with the dropped one for 300 ms, so it may take more than one retry
    expect(server.seen.filter((r) => r.cmd === "PING").length).toBeGreaterThanOrEqual(2);
  });

  it("never resends a TRADE: a dropped reply is a timeout with the request id, sent exactly once", async () => {
    const { client, server } = await setup(["drop"]);
    const err = await client
      .call("TRADE", { symbol: "XAUUSD", direction: "BUY", volume: 0.1 }, "abc1")
      .catch((e) => e);
    expect(err).toBeInstanceOf(BridgeTimeoutError);
    expect(err).toMatchObject({ code: "BRIDGE_TIMEOUT", requestId: "abc1" });
    await new Promise((r) => setTimeout(r, 400));
    expect(server.seen.filter((r) => r.cmd === "TRADE")).toHaveLength(1);
    // and the client works again afterwards
    expect((await client.call("PING", {})).reply).toBe("PONG");
  });

  it("reports a malformed reply to a TRADE as a protocol error (outcome unknown), and retries one to a PING", async () => {
    const { client, server } = await setup(["garbage", "garbage"]);
    await expect(
      client.call("TRADE", { symbol: "XAUUSD", direction: "BUY", volume: 0.1 }),
    ).rejects.toBeInstanceOf(BridgeProtocolError);
    expect((await client.call("PING", {})).reply).toBe("PONG");
    expect(server.seen.map((r) => r.cmd)).toEqual(["TRADE", "PING", "PING"]);
  });

  it("turns an error reply into a typed error with the MT5 retcode", async () => {
    const { client } = await setup([]);
    const err = await client.call("CLOSE", { ticket: 5 }).catch((e) => e);
    expect(err).toBeInstanceOf(BridgeReplyError);
    expect(err).toMatchObject({ replyCode: "MT5_ERROR", retcode: 10018 });
  });

  it("serialises concurrent calls on its one socket", async () => {
    const { client, server } = await setup([]);
    const replies = await Promise.all([
      client.call("PING", {}),
      client.call("TRADE", { symbol: "XAUUSD", direction: "SELL", volume: 0.2 }),
      client.call("PING", {}),
    ]);
    expect(replies[1]).toMatchObject({ ticket: 42, volume: 0.2 });
    expect(server.seen.map((r) => r.requestId)).toEqual(["t1", "t2", "t3"]);
  });

  it("gives up on a read-only command after its retries", async () => {
    const { client } = await setup(["drop", "drop", "drop"], 100);
    await expect(client.call("ACCOUNT", {})).rejects.toMatchObject({ code: "BRIDGE_TIMEOUT", attempts: 3 });
  });
});
