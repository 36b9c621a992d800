import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Request } from "zeromq";
import { endsAs } from "./test-support/reliability-out.js";
import { BUILT, type HydraProcess, spawnBridgeSim } from "./test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the bad-input end-to-end tests: dist/ is not built (make test builds it)");

interface Reply {
  ok: boolean;
  requestId?: string;
  error?: { code: string; message: string };
}

const trade = (requestId: string, volume: number) =>
  JSON.stringify({ cmd: "TRADE", symbol: "XAUUSD", direction: "BUY", volume, requestId });

/** Bad frames to the simulated bridge's trade service: [name, frame, error code, what the message names]. */
const FRAMES: ReadonlyArray<readonly [string, string | Buffer, string, RegExp]> = [
  ["not JSON", "not json", "BAD_REQUEST", /not valid JSON/],
  ["an empty frame", "", "BAD_REQUEST", /not valid JSON/],
  ["binary bytes", Buffer.from([0, 255, 1, 254, 2]), "BAD_REQUEST", /not valid JSON/],
  ["a megabyte of junk", "x".repeat(1_000_000), "BAD_REQUEST", /not valid JSON/],
  ["a JSON array", "[1, 2]", "BAD_REQUEST", /a request is a JSON object/],
  ["JSON null", "null", "BAD_REQUEST", /a request is a JSON object/],
  ["a JSON string", '"PING"', "BAD_REQUEST", /a request is a JSON object/],
  ["no cmd", "{}", "UNKNOWN_COMMAND", /unknown command null/],
  ["command instead of cmd", '{"command": "PING"}', "UNKNOWN_COMMAND", /the field is "cmd", not "command"/],
  ["an unknown command", '{"cmd": "FLY"}', "UNKNOWN_COMMAND", /unknown command "FLY"/],
  ["a lower-case command", '{"cmd": "ping"}', "UNKNOWN_COMMAND", /"ping"/],
  ["TRADE without a symbol", '{"cmd": "TRADE", "direction": "BUY", "volume": 0.01}', "BAD_REQUEST", /symbol/],
  [
    "TRADE with a text volume",
    '{"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": "lots"}',
    "BAD_REQUEST",
    /volume/,
  ],
  [
    "TRADE with a negative volume",
    '{"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": -1}',
    "BAD_REQUEST",
    /volume/,
  ],
  [
    "TRADE with a zero volume",
    '{"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0}',
    "BAD_REQUEST",
    /volume/,
  ],
  [
    "TRADE direction LONG",
    '{"cmd": "TRADE", "symbol": "XAUUSD", "direction": "LONG", "volume": 0.01}',
    "BAD_REQUEST",
    /direction/,
  ],
  ["CLOSE with a text ticket", '{"cmd": "CLOSE", "ticket": "one"}', "BAD_REQUEST", /ticket/],
  ["a numeric requestId", '{"cmd": "PING", "requestId": 7}', "BAD_REQUEST", /requestId/],
];

describe.skipIf(!BUILT)(
  "bad input: frames to the simulated bridge (it answers each and keeps running)",
  () => {
    let sim: HydraProcess;
    let rep: string;
    let sock: Request;
    const call = async (frame: string | Buffer): Promise<Reply> => {
      await sock.send(frame);
      const [out] = await sock.receive();
      return JSON.parse(out!.toString()) as Reply;
    };

    beforeAll(async () => {
      // a Wednesday morning: the market is open, so a TRADE executes
      ({ rep, sim } = await spawnBridgeSim(["--start", "2024-03-13T10:00:00Z"]));
      sock = new Request({ linger: 0, receiveTimeout: 10_000 });
      sock.connect(rep);
    }, 30_000);
    afterAll(async () => {
      sock?.close();
      await sim?.stop("SIGINT", 10_000);
    });

    it.each(FRAMES.map(([name, frame, code, names]) => [name, frame, code, names] as const))(
      "%s",
      (_name, frame, code, names) =>
        endsAs("bad-input-bridge", "error reply naming the field, kept running", async () => {
          const reply = await call(frame);
          expect(reply.ok).toBe(false);
          expect(reply.error?.code).toBe(code);
          expect(reply.error?.message).toMatch(names);
          // the service is still there
          expect((await call('{"cmd": "PING"}')).ok).toBe(true);
          expect(sim.proc.exitCode).toBeNull();
        }),
    );

    it("a reused requestId with a different TRADE is DUPLICATE, not the first order's reply", async () => {
      // the bridge's first quote comes with its first tick (the cases run in a random order: this may be the first)
      for (let i = 0; i < 100 && !(await call('{"cmd": "PRICE", "symbol": "XAUUSD"}')).ok; i++)
        await new Promise((r) => setTimeout(r, 100));
      const first = await call(trade("bad-input-dup", 0.01));
      expect(first.ok, JSON.stringify(first)).toBe(true);
      expect(await call(trade("bad-input-dup", 0.01))).toEqual(first);
      const other = await call(trade("bad-input-dup", 0.02));
      expect(other.ok).toBe(false);
      expect(other.error?.code).toBe("DUPLICATE");
      expect(sim.output()).not.toMatch(/unexpected error|\n\s+at /);
    });
  },
);
