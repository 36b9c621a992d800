import { describe, expect, it } from "vitest";
import { configuredKeys, REDACTED, redact } from "./redact.js";

describe("redact", () => {
  it("removes every configured key value, also URL-encoded, whatever its shape", () => {
    const key = "plain+secret/value";
    const text = `bad key ${key} (sent as ${encodeURIComponent(key)})`;
    const out = redact(text, [key]);
    expect(out).toBe(`bad key ${REDACTED} (sent as ${REDACTED})`);
  });

  it("keeps the label of a Bearer token, a key header and a key query parameter", () => {
    expect(redact("Authorization: Bearer abc.def-123_XYZ")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact('{"authorization":"Bearer tok123456"}')).toBe(`{"authorization":"Bearer ${REDACTED}"}`);
    expect(redact("x-api-key: my-anthropic-key rejected")).toBe(`x-api-key: ${REDACTED} rejected`);
    expect(redact('{"x-goog-api-key": "g00gle-key"}')).toBe(`{"x-goog-api-key": "${REDACTED}"}`);
    expect(redact("GET /v1/models?alt=json&key=abcdef&x=1")).toBe(
      `GET /v1/models?alt=json&key=${REDACTED}&x=1`,
    );
    expect(redact("https://h/p?key=abcdef#frag")).toBe(`https://h/p?key=${REDACTED}#frag`);
  });

  it("removes secret-looking tokens by their provider prefix", () => {
    // made up here, prefix + body, so that no line of the repository looks like a real key
    const fake = ["sk-proj-", "sk-ant-api03-", "AIzaSy", "xai-", "gsk_"].map(
      (prefix, i) => `${prefix}${"FAKE".repeat(4)}${i}0123456789`,
    );
    const text = `keys ${fake.join(", ")}`;
    const out = redact(text);
    expect(out).toBe(`keys ${REDACTED}, ${REDACTED}, ${REDACTED}, ${REDACTED}, ${REDACTED}`);
  });

  it("leaves ordinary provider text alone and is idempotent", () => {
    const text =
      "HTTP 401: Incorrect API key provided. You can find your API key at the dashboard; task-list ok";
    expect(redact(text, ["sk"])).toBe(text);
    const once = redact("Bearer sk-AAAAAAAAAAAA and key=zzzzzz", ["zzzzzz"]);
    expect(redact(once, ["zzzzzz"])).toBe(once);
    expect(once).not.toMatch(/sk-A|zzzzzz/);
  });

  it("configuredKeys: the set values of the configs' key variables", () => {
    const env = { A_KEY: "alpha-secret", B_KEY: " ", C_KEY: "alpha-secret" };
    const keys = configuredKeys(
      [{ apiKeyEnv: "A_KEY" }, { apiKeyEnv: "B_KEY" }, { apiKeyEnv: "C_KEY" }, {}],
      env,
    );
    expect(keys).toEqual(["alpha-secret"]);
  });
});
