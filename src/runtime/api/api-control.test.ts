import { describe, expect, it } from "vitest";
import { type ControlAck, ControlAckSchema } from "./node-control.js";
import { errorOf, startFake } from "./test-support/start-fake.js";

const TOKEN = "tok-0123456789abcdef";
const auth = { authorization: `Bearer ${TOKEN}` };

const post = (url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, {
    method: "POST",
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });

describe("API control", () => {
  it("without a configured token answers 403 CONTROL_DISABLED naming HYDRA_API_TOKEN, and does nothing", async () => {
    const { base, control } = await startFake();
    const res = await post(`${base}/kill-switch`, { on: true, reason: "test" }, auth);
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe("CONTROL_DISABLED");
    expect(error.message).toContain("HYDRA_API_TOKEN");
    expect(control.calls).toEqual([]);
  });

  it.each([
    ["no token", {}],
    ["a wrong token", { authorization: "Bearer tok-0123456789abcdeX" }],
    ["a shorter token", { authorization: "Bearer tok" }],
    ["another scheme", { authorization: `Basic ${TOKEN}` }],
  ])("with %s answers 401 and changes nothing", async (_what, headers) => {
    const { base, control, logs } = await startFake({ token: TOKEN });
    for (const path of [
      "/kill-switch",
      "/positions/close-all",
      "/bots/london-breakout/pause",
      "/config/reload",
    ]) {
      const res = await post(base + path, { on: true, reason: "x" }, headers);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe("UNAUTHORIZED");
    }
    expect(control.calls).toEqual([]);
    expect(logs.join("\n")).not.toContain(TOKEN);
  });

  it("turns the kill switch on with the operator from X-Hydra-Operator", async () => {
    const { base, control, logs } = await startFake({ token: TOKEN });
    const res = await post(
      `${base}/kill-switch`,
      { on: true, reason: "news" },
      { ...auth, "x-hydra-operator": "alice" },
    );
    expect(res.status).toBe(200);
    const ack: ControlAck = ControlAckSchema.parse(await res.json());
    expect(ack).toEqual({ ok: true, action: "kill-switch", who: "alice" });
    expect(control.calls).toEqual([["killSwitch", true, "news", "alice"]]);
    expect(logs.join("\n")).toContain("kill-switch by alice");
    expect(logs.join("\n")).not.toContain(TOKEN);
  });

  it("runs every other control with 'api' as the operator by default", async () => {
    const { base, control } = await startFake({ token: TOKEN });
    const paths = [
      "/bots/london-breakout/pause",
      "/bots/london-breakout/resume",
      "/engines/claude/pause",
      "/engines/claude/resume",
      "/positions/P-1/close",
      "/positions/close-all",
      "/config/reload",
    ];
    for (const path of paths) expect((await post(base + path, undefined, auth)).status).toBe(200);
    // an empty JSON object, and an empty body sent as JSON, are no body too
    expect((await post(`${base}/positions/close-all`, {}, auth)).status).toBe(200);
    expect((await post(`${base}/config/reload`, "", auth)).status).toBe(200);
    expect(control.calls).toEqual([
      ["pause", "bot", "london-breakout", "api"],
      ["resume", "bot", "london-breakout", "api"],
      ["pause", "engine", "claude", "api"],
      ["resume", "engine", "claude", "api"],
      ["closePosition", "P-1", "api"],
      ["closeAll", "api"],
      ["reloadConfig", "api"],
      ["closeAll", "api"],
      ["reloadConfig", "api"],
    ]);
  });

  it("answers 404 naming an unknown position, bot or engine", async () => {
    const { base, control } = await startFake({ token: TOKEN });
    const res = await post(`${base}/positions/P-404/close`, undefined, auth);
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error.code).toBe("POSITION_UNKNOWN");
    expect(error.message).toContain("P-404");
    const bot = await post(`${base}/bots/nobody/pause`, undefined, auth);
    expect(bot.status).toBe(404);
    expect(await errorOf(bot)).toMatchObject({
      code: "BOT_UNKNOWN",
      message: expect.stringContaining("nobody"),
    });
    const engine = await post(`${base}/engines/london-breakout/resume`, undefined, auth);
    expect((await errorOf(engine)).code).toBe("ENGINE_UNKNOWN");
    expect(control.calls).toEqual([]);
  });
});

describe("API control: bad bodies", () => {
  it.each([
    ["an unknown field", { on: true, reason: "x", force: true }, "force"],
    ["a wrong type", { on: "yes", reason: "x" }, "on"],
    ["a missing field", { on: true }, "reason"],
    ["an empty reason", { on: true, reason: "  " }, "reason"],
  ])("refuses %s with 400 naming the field, and does nothing", async (_what, body, field) => {
    const { base, control } = await startFake({ token: TOKEN });
    const res = await post(`${base}/kill-switch`, body, auth);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: "BAD_REQUEST", field });
    expect(error.message).toContain(field);
    expect(control.calls).toEqual([]);
  });

  it("refuses a body on a route that takes none when it has fields", async () => {
    const { base, control } = await startFake({ token: TOKEN });
    const res = await post(`${base}/positions/close-all`, { all: true }, auth);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe("all");
    expect(control.calls).toEqual([]);
  });

  it("refuses JSON that does not parse with 400", async () => {
    const { base, control } = await startFake({ token: TOKEN });
    const res = await post(`${base}/kill-switch`, '{"on": tru', auth);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("BAD_JSON");
    expect(control.calls).toEqual([]);
  });

  it("refuses a 20 KiB body with 413", async () => {
    const { base, control } = await startFake({ token: TOKEN });
    const res = await post(`${base}/kill-switch`, { on: true, reason: "x".repeat(20 * 1024) }, auth);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("BODY_TOO_LARGE");
    expect(control.calls).toEqual([]);
  });

  it("refuses a body that is not JSON with 415", async () => {
    const { base } = await startFake({ token: TOKEN });
    const res = await fetch(`${base}/kill-switch`, {
      method: "POST",
      headers: { ...auth, "content-type": "text/plain" },
      body: "on",
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });
});
