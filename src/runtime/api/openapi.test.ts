import { describe, expect, it } from "vitest";
import { CONTROL_ROUTES } from "./control-routes.js";
import { READ_ROUTES } from "./read-routes.js";
import { startFake } from "./test-support/start-fake.js";

const ALL_PATHS = [
  "/api/v1/health",
  "/api/v1/status",
  "/api/v1/account",
  "/api/v1/positions",
  "/api/v1/orders",
  "/api/v1/trades",
  "/api/v1/days",
  "/api/v1/challenge",
  "/api/v1/bots",
  "/api/v1/leaderboard",
  "/api/v1/decisions",
  "/api/v1/equity",
  "/api/v1/kill-switch",
  "/api/v1/bots/{name}/pause",
  "/api/v1/bots/{name}/resume",
  "/api/v1/engines/{name}/pause",
  "/api/v1/engines/{name}/resume",
  "/api/v1/positions/{id}/close",
  "/api/v1/positions/close-all",
  "/api/v1/config/reload",
  "/api/v1/stream",
  "/api/v1/openapi.json",
];

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, unknown>; parameters?: { name: string }[] }>
  >;
  components: { schemas: Record<string, Record<string, unknown>> };
}

describe("API OpenAPI document", () => {
  it("is OpenAPI 3.1.0 JSON listing every path, generated from the zod schemas", async () => {
    const { base } = await startFake();
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = JSON.parse(await res.text()) as Doc;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([...ALL_PATHS].sort());
    expect(READ_ROUTES.length + CONTROL_ROUTES.length + 2).toBe(ALL_PATHS.length);
    for (const r of READ_ROUTES) expect(doc.paths[`/api/v1${r.path}`]!.get!.responses["200"]).toBeDefined();
    for (const r of CONTROL_ROUTES) {
      const path = `/api/v1${r.path.replace(/:(\w+)/g, "{$1}")}`;
      expect(Object.keys(doc.paths[path]!.post!.responses)).toEqual(
        expect.arrayContaining(["200", "401", "403", "404", "413"]),
      );
    }
    expect(doc.paths["/api/v1/positions/{id}/close"]!.post!.parameters!.map((p) => p.name)).toContain("id");
    expect(doc.paths["/api/v1/trades"]!.get!.parameters!.map((p) => p.name)).toEqual(["page", "pageSize"]);
  });

  it("describes the answers with the schemas' fields (strict objects, nullable challenge)", async () => {
    const { base } = await startFake();
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as Doc;
    const account = doc.components.schemas.Account!;
    expect(account.type).toBe("object");
    expect(account.required).toEqual(expect.arrayContaining(["balance", "equity", "currency"]));
    expect(JSON.stringify(doc.components.schemas.Challenge)).toContain('"type":"null"');
    expect(doc.components.schemas.ErrorBody).toBeDefined();
    const killBody = JSON.stringify(doc.paths["/api/v1/kill-switch"]);
    expect(killBody).toContain('"additionalProperties":false');
    expect(killBody).toContain('"reason"');
    // every $ref points at a component that exists
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1]!,
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(doc.components.schemas[ref]).toBeDefined();
  });
});
