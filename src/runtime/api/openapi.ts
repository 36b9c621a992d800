import { z } from "zod";
import { ErrorBodySchema } from "./api-error.js";
import { CONTROL_ROUTES } from "./control-routes.js";
import { ControlAckSchema } from "./node-control.js";
import { READ_ROUTES } from "./read-routes.js";

export const API_PREFIX = "/api/v1";

type Json = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) without the $schema line a component does not need. */
function jsonSchema(schema: z.ZodType, io: "input" | "output" = "output"): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  return rest;
}

const json = (ref: string): Json => ({
  "application/json": { schema: { $ref: `#/components/schemas/${ref}` } },
});
const toOpenApiPath = (p: string): string => API_PREFIX + p.replace(/:(\w+)/g, "{$1}");
const pathParams = (p: string): Json[] =>
  [...p.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));

const errors = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), { description: "error", content: json("ErrorBody") }]));

/** The OpenAPI 3.1 document of every route, generated from the same zod schemas the server uses. */
export function openApiDocument(): Json {
  const schemas: Json = { ErrorBody: jsonSchema(ErrorBodySchema), ControlAck: jsonSchema(ControlAckSchema) };
  const paths: Record<string, Json> = {};

  for (const r of READ_ROUTES) {
    schemas[r.name] = jsonSchema(r.response);
    paths[toOpenApiPath(r.path)] = {
      get: {
        operationId: `get${r.name}`,
        summary: r.summary,
        parameters: r.paged
          ? [
              {
                name: "page",
                in: "query",
                required: false,
                schema: { type: "integer", minimum: 1, default: 1 },
              },
              {
                name: "pageSize",
                in: "query",
                required: false,
                schema: { type: "integer", minimum: 1, maximum: 500, default: 50 },
              },
            ]
          : [],
        responses: { "200": { description: r.summary, content: json(r.name) }, ...errors(400, 500) },
      },
    };
  }

  for (const r of CONTROL_ROUTES) {
    paths[toOpenApiPath(r.path)] = {
      post: {
        operationId: r.action.replace(/[.-](\w)/g, (_m, c: string) => c.toUpperCase()),
        summary: r.summary,
        security: [{ bearer: [] }],
        parameters: [
          ...pathParams(r.path),
          { name: "X-Hydra-Operator", in: "header", required: false, schema: { type: "string" } },
        ],
        requestBody: {
          required: r.path === "/kill-switch",
          content: { "application/json": { schema: jsonSchema(r.body, "input") } },
        },
        responses: {
          "200": { description: "done", content: json("ControlAck") },
          ...errors(400, 401, 403, 404, 413, 500),
        },
      },
    };
  }

  paths[`${API_PREFIX}/stream`] = {
    get: {
      operationId: "stream",
      summary: "Server-Sent Events: fill, denial, state, equity, decision (a heartbeat comment every 15 s)",
      responses: { "200": { description: "an event stream", content: { "text/event-stream": {} } } },
    },
  };
  paths[`${API_PREFIX}/openapi.json`] = {
    get: {
      operationId: "openapi",
      summary: "This document",
      responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": {} } } },
    },
  };

  return {
    openapi: "3.1.0",
    info: { title: "HYDRA node API", version: "1.0.0" },
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "HYDRA_API_TOKEN" } },
    },
  };
}
