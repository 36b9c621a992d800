import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endsAs } from "./test-support/reliability-out.js";
import { BUILT, freePort, type HydraProcess, spawnHydra } from "./test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the bad-input end-to-end tests: dist/ is not built (make test builds it)");

const TOKEN = "bad-input-token";
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

/** Bad requests to a running node's HTTP API: [name, method, path, headers, body, status, what the error names]. */
const REQUESTS: ReadonlyArray<
  readonly [string, string, string, Record<string, string>, string | undefined, number, RegExp]
> = [
  ["an unknown route", "GET", "/nothing", {}, undefined, 404, /no route GET \/api\/v1\/nothing/],
  ["a wrong method", "DELETE", "/positions", {}, undefined, 404, /no route DELETE/],
  [
    "control without a token",
    "POST",
    "/kill-switch",
    { "content-type": "application/json" },
    '{"on": true}',
    401,
    /bearer token/,
  ],
  [
    "control with a wrong token",
    "POST",
    "/kill-switch",
    { ...auth, authorization: "Bearer nope" },
    '{"on": true}',
    401,
    /bearer token/,
  ],
  ["a body that is not JSON", "POST", "/kill-switch", auth, "{on: true", 400, /not valid JSON/],
  ["a text body", "POST", "/kill-switch", { ...auth, "content-type": "text/plain" }, "on", 415, /./],
  ["a kill switch without on", "POST", "/kill-switch", auth, '{"reason": "x"}', 400, /field "on"/],
  [
    "a kill switch on: maybe",
    "POST",
    "/kill-switch",
    auth,
    '{"on": "maybe", "reason": "x"}',
    400,
    /field "on"/,
  ],
  [
    "an unknown field",
    "POST",
    "/kill-switch",
    auth,
    '{"on": false, "reason": "x", "force": true}',
    400,
    /unknown field "force"/,
  ],
  ["a JSON array body", "POST", "/kill-switch", auth, "[true]", 400, /./],
  ["pause an unknown bot", "POST", "/bots/no-such-bot/pause", auth, "{}", 404, /no-such-bot/],
  ["close an unknown position", "POST", "/positions/P-404/close", auth, "{}", 404, /P-404/],
  [
    "a body on an empty-body route",
    "POST",
    "/positions/close-all",
    auth,
    '{"all": true}',
    400,
    /unknown field "all"/,
  ],
  [
    "a megabyte body",
    "POST",
    "/kill-switch",
    auth,
    `{"on": false, "reason": "${"x".repeat(2_000_000)}"}`,
    413,
    /./,
  ],
  ["a bad paging query", "GET", "/trades?limit=-1", {}, undefined, 400, /limit/],
  ["a paging query that is text", "GET", "/trades?limit=lots", {}, undefined, 400, /limit/],
];

describe.skipIf(!BUILT)(
  "bad input: requests to a running node's HTTP API (4xx naming the field; it keeps serving)",
  () => {
    let node: HydraProcess;
    let api: string;
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-bad-api-"));

    beforeAll(async () => {
      const port = await freePort();
      node = spawnHydra(["ftmo", "--db", path.join(dir, "hydra.db"), "--api-port", String(port)], {
        env: { HYDRA_API_TOKEN: TOKEN, EXECUTION_MODE: "" },
      });
      await node.waitFor(/API on http:\/\/127\.0\.0\.1:\d+\/api\/v1/, 30_000);
      api = `http://127.0.0.1:${port}/api/v1`;
    }, 40_000);
    afterAll(async () => {
      await node?.stop("SIGINT", 15_000);
      rmSync(dir, { recursive: true, force: true });
    });

    it.each(REQUESTS.map((r) => [r[0], r] as const))("%s", async (_name, r) => {
      const [, method, p, headers, body, status, names] = r;
      await endsAs("bad-input-api", "4xx naming the field, kept serving", async () => {
        const res = await fetch(`${api}${p}`, { method, headers, ...(body === undefined ? {} : { body }) });
        const text = await res.text();
        expect(res.status, text.slice(0, 300)).toBe(status);
        const error = (JSON.parse(text) as { error: { code: string; message: string } }).error;
        expect(error.message).toMatch(names);
        expect(text).not.toMatch(/\n\s+at |\.js:\d+/);
        // the node keeps serving
        expect((await fetch(`${api}/status`)).status).toBe(200);
        expect(node.proc.exitCode).toBeNull();
      });
    });
  },
);
