import { describe, expect, it } from "vitest";
import { parseQueueUrl, reconnectDelay } from "./queue-url.js";

describe("--queue URL", () => {
  it("host, port and database; the password is used but never shown", () => {
    const secret = `s${Math.random().toString(36).slice(2)}`;
    const t = parseQueueUrl("--queue", `redis://hydra:${secret}@10.0.0.5:6380/3`);
    expect(t.connection).toEqual({
      host: "10.0.0.5",
      port: 6380,
      username: "hydra",
      password: secret,
      db: 3,
      maxRetriesPerRequest: null,
      retryStrategy: reconnectDelay,
    });
    expect(t.shown).toBe("redis://hydra:***@10.0.0.5:6380/3");
    const p = parseQueueUrl("--queue", `rediss://:${secret}@cache.internal`);
    expect(p.connection).toMatchObject({ host: "cache.internal", port: 6379, password: secret, tls: {} });
    expect(p.shown).toBe("rediss://:***@cache.internal");
    expect(parseQueueUrl("--queue", "redis://127.0.0.1:6379").shown).toBe("redis://127.0.0.1:6379");
  });

  it("bad URLs name the flag", () => {
    expect(() => parseQueueUrl("--queue", "localhost:6379")).toThrow(/--queue must start with redis:\/\//);
    expect(() => parseQueueUrl("--queue", "not a url")).toThrow(/--queue must be a URL like redis:/);
    expect(() => parseQueueUrl("--queue", "redis://h:1/x")).toThrow(
      /database after the port must be a number/,
    );
    expect(() => parseQueueUrl("--queue", "redis://127.0.0.1:0")).toThrow(
      /--queue: the port must be 1-65535/,
    );
    expect(() => parseQueueUrl("--queue", "redis://127.0.0.1:65536")).toThrow(/--queue must be a URL/);
  });

  it("a Redis away is tried again after 0.5 s, 1 s, then every 2 s", () => {
    expect([1, 2, 3, 4, 50].map(reconnectDelay)).toEqual([500, 1000, 2000, 2000, 2000]);
  });
});
