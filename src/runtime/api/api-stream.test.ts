import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { EventStream, type NodeEvent } from "./event-stream.js";
import { startFake } from "./test-support/start-fake.js";

/** Reads the stream until `until` shows up in what has arrived. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, until: string): Promise<string> {
  const decoder = new TextDecoder();
  let seen = "";
  while (!seen.includes(until)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before "${until}": ${seen}`);
    seen += decoder.decode(value, { stream: true });
  }
  return seen;
}

function fakeResponse(): { res: ServerResponse & EventEmitter; chunks: string[]; ended: () => boolean } {
  const chunks: string[] = [];
  let ended = false;
  const res = Object.assign(new EventEmitter(), {
    writableEnded: false,
    destroyed: false,
    writeHead: () => res,
    write: (c: string) => chunks.push(c) > 0,
    end: () => {
      ended = true;
    },
  });
  return { res: res as unknown as ServerResponse & EventEmitter, chunks, ended: () => ended };
}

describe("API stream", () => {
  it("sends a published fill as a server-sent event", async () => {
    const { base, server } = await startFake();
    const ac = new AbortController();
    const res = await fetch(`${base}/stream`, { signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    await readUntil(reader, ": connected");
    const fill: NodeEvent = { type: "fill", data: { orderId: "O-7", price: 2_400, lots: 0.1 } };
    server.publish(fill);
    const text = await readUntil(reader, "\n\n");
    expect(text).toContain("event: fill\n");
    expect(text).toContain(`data: ${JSON.stringify(fill.data)}\n`);
    ac.abort();
  });

  it("sends a heartbeat comment on its interval", async () => {
    const { base } = await startFake({ heartbeatMs: 20 });
    const ac = new AbortController();
    const res = await fetch(`${base}/stream`, { signal: ac.signal });
    const text = await readUntil(res.body!.getReader(), ": heartbeat\n\n");
    expect(text).toContain(": heartbeat");
    ac.abort();
  });

  it("drops a client that disconnects, and an event that is not JSON is logged, not thrown", () => {
    const logs: string[] = [];
    const stream = new EventStream(60_000, (l) => logs.push(l));
    const a = fakeResponse();
    const b = fakeResponse();
    stream.attach(a.res);
    stream.attach(b.res);
    expect(stream.size).toBe(2);
    a.res.emit("close");
    expect(stream.size).toBe(1);
    stream.publish({ type: "state", data: { state: "HALTED" } });
    expect(a.chunks.join("")).not.toContain("HALTED");
    expect(b.chunks.join("")).toContain('id: 1\nevent: state\ndata: {"state":"HALTED"}\n\n');
    expect(() => stream.publish({ type: "equity", data: { big: 1n } })).not.toThrow();
    expect(logs.join("\n")).toContain('dropped a "equity" event');
    stream.close();
    expect(b.ended()).toBe(true);
    expect(stream.size).toBe(0);
  });

  it("closes with a stream still open", async () => {
    const { base, server } = await startFake();
    const res = await fetch(`${base}/stream`);
    const reader = res.body!.getReader();
    await readUntil(reader, ": connected");
    await server.close();
    await expect(readUntil(reader, "never")).rejects.toThrow(/stream ended/);
  });
});
