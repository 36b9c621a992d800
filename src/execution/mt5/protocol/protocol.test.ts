import { describe, expect, it } from "vitest";
import { type BridgeCommand, BridgeReply, COMMANDS, ErrorReply, REPLY_DATA } from "./messages.js";
import { MT5_COMMENT_MAX, magicOf, requestIdOfComment, stampComment } from "./order-tag.js";
import { parseRequest } from "./parse-request.js";
import { loadTestVectors } from "./test-vectors.js";

const { vectors } = loadTestVectors();

describe("bridge protocol against the shared test vectors", () => {
  it.each(vectors.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    const parsed = parseRequest(JSON.stringify(v.request));
    // vectors leave error.message out (free text); any text fits
    const reply = v.reply.ok ? v.reply : { ...v.reply, error: { ...v.reply.error, message: "…" } };
    expect(BridgeReply.safeParse(reply).success).toBe(true);
    if (!v.reply.ok && (v.reply.error?.code === "UNKNOWN_COMMAND" || v.reply.error?.code === "BAD_REQUEST")) {
      expect(parsed).toMatchObject({ ok: false, code: v.reply.error.code });
      return;
    }
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    if (v.reply.ok) {
      const cmd = parsed.request.cmd as BridgeCommand;
      const data = REPLY_DATA[cmd].safeParse(v.reply.data);
      expect(data.success, JSON.stringify(data.error?.issues)).toBe(true);
    } else expect(ErrorReply.safeParse(reply).success).toBe(true);
    if (v.request.requestId !== undefined) expect(v.reply.requestId).toBe(v.request.requestId);
  });

  it("covers every command", () => {
    const seen = new Set(vectors.map((v) => v.request.cmd));
    for (const c of COMMANDS) expect(seen.has(c), c).toBe(true);
  });
});

describe("request parsing at the boundary", () => {
  it("answers a request that says command instead of cmd as an unknown command, with a hint", () => {
    expect(parseRequest('{"command": "PING"}')).toMatchObject({
      ok: false,
      code: "UNKNOWN_COMMAND",
      message: expect.stringContaining('"cmd", not "command"'),
    });
  });

  it("names the field of a bad request, keeps the request id, and refuses non-JSON", () => {
    expect(
      parseRequest(
        '{"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": "1", "requestId": "x9"}',
      ),
    ).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
      requestId: "x9",
      message: expect.stringContaining("volume"),
    });
    expect(parseRequest("{not json")).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(parseRequest("[1,2]")).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(parseRequest('{"cmd": "PING", "extra": 1}')).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });
});

describe("order tags", () => {
  it("keeps the request id whole within MT5's 31 characters, shortening the tag", () => {
    const c = stampComment("HYDRA_GoldLondonReversal_v2", "k3j9x0a1b2");
    expect(c.length).toBeLessThanOrEqual(MT5_COMMENT_MAX);
    expect(c.endsWith("|k3j9x0a1b2")).toBe(true);
    expect(requestIdOfComment(c)).toBe("k3j9x0a1b2");
    expect(stampComment("HYDRA_GoldLondon", "t1")).toBe("HYDRA_GoldLondon|t1");
    expect(requestIdOfComment("manual trade")).toBeUndefined();
  });

  it("derives a stable 31-bit magic number from the request id", () => {
    expect(magicOf("t1")).toBe(138734806);
    expect(magicOf("r1")).toBe(206831020);
    expect(magicOf("t1")).not.toBe(magicOf("t2"));
    expect(magicOf("a-very-long-request-id-x")).toBeLessThan(2 ** 31);
  });
});
