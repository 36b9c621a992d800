import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { HttpJson, retryAfterMs, safeUrl } from "./http-json.js";
import { RateLimiter } from "./rate-limiter.js";
import { json, localServer } from "./test-server.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function testDeps() {
  const clock = new TestClock(1_000_000);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.advance(ms);
  };
  return { clock, sleeps, sleep, random: () => 0.5 };
}

async function serve(replies: ((res: import("node:http").ServerResponse) => void)[]) {
  let i = 0;
  const s = await localServer((_req, res) => {
    const r = replies[Math.min(i++, replies.length - 1)];
    r?.(res);
  });
  closers.push(s.close);
  return s;
}

describe("HttpJson", () => {
  it("retries a 429 after its Retry-After, then succeeds", async () => {
    const s = await serve([
      (res) => json(res, 429, { error: "slow down" }, { "retry-after": "2" }),
      (res) => json(res, 200, { ok: 1 }),
    ]);
    const d = testDeps();
    const http = new HttpJson({ retries: 3 }, d);
    await expect(http.get(`${s.url}/x`)).resolves.toEqual({ ok: 1 });
    expect(d.sleeps).toEqual([2000]);
    expect(s.requests).toHaveLength(2);
  });

  it("retries 5xx with exponential backoff and jitter, then succeeds", async () => {
    const s = await serve([
      (res) => json(res, 503, {}),
      (res) => json(res, 500, {}),
      (res) => json(res, 200, [1, 2]),
    ]);
    const d = testDeps();
    const http = new HttpJson({ retries: 3, baseDelayMs: 100 }, d);
    await expect(http.get(`${s.url}/y`)).resolves.toEqual([1, 2]);
    // random 0.5 → factor 0.75 of 100, 200
    expect(d.sleeps).toEqual([75, 150]);
  });

  it("gives up after N retries with a MARKET_DATA error naming the URL without secrets", async () => {
    const s = await serve([(res) => json(res, 502, { e: 1 })]);
    const d = testDeps();
    const http = new HttpJson({ retries: 2, baseDelayMs: 10 }, d);
    const err = await http.get(`${s.url}/z?ids=bitcoin&x_cg_demo_api_key=SECRET123`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HydraError);
    const h = err as HydraError;
    expect(h.code).toBe("MARKET_DATA");
    expect(h.message).toContain(`${s.url}/z?ids=bitcoin`);
    expect(h.message).toContain("HTTP 502");
    expect(h.message).toContain("after 3 attempts");
    expect(h.message).not.toContain("SECRET123");
    expect(JSON.stringify(h.details)).not.toContain("SECRET123");
    expect(s.requests).toHaveLength(3);
  });

  it("names the failure in details.reason and passes on the server's Retry-After", async () => {
    const s = await serve([
      (res) => json(res, 429, {}, { "retry-after": "7" }),
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"bitcoin":{"usd":9');
      },
    ]);
    const http = new HttpJson({ retries: 0 }, testDeps());
    await expect(http.get(`${s.url}/a`)).rejects.toMatchObject({
      details: { reason: "status", status: 429, retryAfterMs: 7000 },
    });
    await expect(http.get(`${s.url}/b`)).rejects.toMatchObject({ details: { reason: "json", status: 200 } });
    await s.close();
    await expect(http.get(`${s.url}/c`)).rejects.toMatchObject({ details: { reason: "network" } });
  });

  it("does not retry a 404", async () => {
    const s = await serve([(res) => json(res, 404, { error: "nope" })]);
    const d = testDeps();
    await expect(new HttpJson({}, d).get(`${s.url}/missing`)).rejects.toThrow(/HTTP 404/);
    expect(s.requests).toHaveLength(1);
    expect(d.sleeps).toEqual([]);
  });

  it("retries network errors", async () => {
    const s = await serve([(res) => json(res, 200, { ok: true })]);
    const d = testDeps();
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) throw new TypeError("fetch failed");
      return fetch(input, init);
    };
    await expect(
      new HttpJson({ baseDelayMs: 10 }, { ...d, fetch: flaky }).get(`${s.url}/n`),
    ).resolves.toEqual({ ok: true });
    expect(calls).toBe(2);
  });

  it("spaces requests by the rate limit on the injected clock", async () => {
    const s = await serve([(res) => json(res, 200, {})]);
    const d = testDeps();
    const times: number[] = [];
    const timed: typeof fetch = async (input, init) => {
      times.push(d.clock.now());
      return fetch(input, init);
    };
    const http = new HttpJson({ ratePerSecond: 2, burst: 1 }, { ...d, fetch: timed });
    for (let i = 0; i < 4; i++) await http.get(`${s.url}/r`);
    expect(times.map((t) => t - 1_000_000)).toEqual([0, 500, 1000, 1500]);
  });
});

describe("RateLimiter", () => {
  it("lets a burst through, then one per 1/rate", async () => {
    const d = testDeps();
    const rl = new RateLimiter(4, 2, d.clock, d.sleep);
    const at: number[] = [];
    for (let i = 0; i < 4; i++) {
      await rl.take();
      at.push(d.clock.now() - 1_000_000);
    }
    expect(at).toEqual([0, 0, 250, 500]);
  });
});

describe("helpers", () => {
  it("safeUrl masks secret-looking parameters", () => {
    expect(safeUrl("https://a.b/c?ids=x&apiKey=s3&token=t")).toBe("https://a.b/c?ids=x&apiKey=***&token=***");
  });
  it("retryAfterMs reads seconds and HTTP dates", () => {
    expect(retryAfterMs("3", 0)).toBe(3000);
    expect(retryAfterMs(new Date(5000).toUTCString(), 2000)).toBe(3000);
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });
});
