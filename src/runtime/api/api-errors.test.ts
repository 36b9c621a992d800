import { describe, expect, it } from "vitest";
import { HydraError } from "../../core/errors.js";
import { startApiServer } from "./api-server.js";
import { FakeView, RecordingControl } from "./test-support/fake-node.js";
import { errorOf, startFake } from "./test-support/start-fake.js";

describe("API errors", () => {
  it("answers 404 with the error body for an unknown route", async () => {
    const { base } = await startFake();
    for (const [method, path] of [
      ["GET", "/nothing"],
      ["GET", "/positions/P-1"],
      ["DELETE", "/positions"],
    ] as const) {
      const res = await fetch(base + path, { method });
      expect(res.status).toBe(404);
      const error = await errorOf(res);
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toContain(path);
    }
  });

  it("answers 500 with a code and no stack when the view throws, and keeps serving", async () => {
    const { base, view, logs } = await startFake();
    view.failing = "account";
    const res = await fetch(`${base}/account`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: "INTERNAL", message: "internal error (see the node's log)" },
    });
    expect(text).not.toMatch(/secret|\.ts:|at /);
    expect(logs.join("\n")).toContain("GET /api/v1/account failed");
    expect((await fetch(`${base}/status`)).status).toBe(200);
    view.failing = undefined;
    expect((await fetch(`${base}/account`)).status).toBe(200);
  });

  it("answers 500 with a HydraError's own code when the control throws one", async () => {
    const { base, control } = await startFake({ token: "t" });
    control.reloadConfig = () => {
      throw new HydraError("CONFIG_INVALID", "config.yaml: risk.maxDailyLossPct must be positive");
    };
    const res = await fetch(`${base}/config/reload`, {
      method: "POST",
      headers: { authorization: "Bearer t" },
    });
    expect(res.status).toBe(500);
    expect(await errorOf(res)).toEqual({
      code: "CONFIG_INVALID",
      message: "config.yaml: risk.maxDailyLossPct must be positive",
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it("refuses a bad X-Hydra-Operator header naming it", async () => {
    const { base, control } = await startFake({ token: "t" });
    const res = await fetch(`${base}/positions/close-all`, {
      method: "POST",
      headers: { authorization: "Bearer t", "x-hydra-operator": "x".repeat(101) },
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe("X-Hydra-Operator");
    expect(control.calls).toEqual([]);
  });

  it("binds to 127.0.0.1 unless a host is given", async () => {
    const { server, logs } = await startFake();
    expect(logs).toContain(`api: listening on http://127.0.0.1:${server.port}/api/v1`);
    expect((await fetch(`http://127.0.0.1:${server.port}/api/v1/health`)).status).toBe(200);
  });

  it("says which port it cannot listen on as a CONFIG_INVALID HydraError", async () => {
    const { server } = await startFake();
    const again = startApiServer({
      port: server.port,
      view: new FakeView(),
      control: new RecordingControl(),
      log: () => {},
    });
    await expect(again).rejects.toBeInstanceOf(HydraError);
    await expect(again).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining(`127.0.0.1:${server.port}`),
    });
  });
});
