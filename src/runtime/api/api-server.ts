import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";
import { HydraError } from "../../core/errors.js";
import { ApiError } from "./api-error.js";
import { bearerCheck } from "./bearer-auth.js";
import { CONTROL_ROUTES } from "./control-routes.js";
import { registerDashboard } from "./dashboard-route.js";
import { errorReply } from "./error-reply.js";
import { type EventSink, EventStream } from "./event-stream.js";
import type { NodeControl } from "./node-control.js";
import type { NodeView } from "./node-view.js";
import { API_PREFIX, openApiDocument } from "./openapi.js";
import { PageQuerySchema } from "./paging.js";
import { parseInput } from "./parse-input.js";
import { READ_ROUTES } from "./read-routes.js";

const BODY_LIMIT_BYTES = 16 * 1024;
const HEARTBEAT_MS = 15_000;

export interface ApiServerOptions {
  /** 0 = any free port */
  port: number;
  /** default 127.0.0.1: only this machine */
  host?: string;
  view: NodeView;
  control: NodeControl;
  /** HYDRA_API_TOKEN: without it the control routes answer 403; never logged */
  token?: string;
  log: (line: string) => void;
  /** for tests; default 15 s */
  heartbeatMs?: number;
}

export interface ApiServer {
  port: number;
  /** what the node publishes to GET /api/v1/stream */
  publish: EventSink;
  close(): Promise<void>;
}

const OperatorSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\x20-\x7e]+$/, "printable ASCII only");

function operator(req: FastifyRequest): string {
  const h = req.headers["x-hydra-operator"];
  if (h === undefined || h === "") return "api";
  const r = OperatorSchema.safeParse(h);
  if (!r.success)
    throw new ApiError(
      400,
      "BAD_REQUEST",
      "header X-Hydra-Operator: 1 to 100 printable characters",
      "X-Hydra-Operator",
    );
  return r.data;
}

const sendJson = (reply: FastifyReply, status: number, value: unknown): FastifyReply =>
  reply.code(status).type("application/json; charset=utf-8").send(JSON.stringify(value));

/** The node's HTTP control plane: reads for anyone who can reach it, control behind the bearer token. */
export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES });
  const stream = new EventStream(o.heartbeatMs ?? HEARTBEAT_MS, o.log);
  const authorize = bearerCheck(o.token);

  // An empty body is no body (curl -X POST with a JSON content type), not a parse error.
  // JSON only: text/plain is refused (415) rather than handed to the routes as a string
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, text, done) => {
    if (text === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text as string));
    } catch {
      done(new ApiError(400, "BAD_JSON", "request body is not valid JSON"), undefined);
    }
  });

  app.setErrorHandler((e, req, reply) => {
    const { status, body } = errorReply(e, o.log, `${req.method} ${req.url}`);
    return sendJson(reply, status, body);
  });
  app.setNotFoundHandler((req, reply) =>
    sendJson(reply, 404, { error: { code: "NOT_FOUND", message: `no route ${req.method} ${req.url}` } }),
  );

  for (const r of READ_ROUTES) {
    app.get(API_PREFIX + r.path, async (req, reply) => {
      const page = r.paged ? parseInput(PageQuerySchema, req.query, "query") : { page: 1, pageSize: 50 };
      return sendJson(reply, 200, await r.read(o.view, page));
    });
  }

  for (const r of CONTROL_ROUTES) {
    app.post(API_PREFIX + r.path, {
      // before the body is read: a refused request costs nothing and learns nothing
      onRequest: async (req) => authorize(req.headers.authorization),
      handler: async (req, reply) => {
        const who = operator(req);
        const params = r.params ? parseInput(r.params, req.params, "path") : undefined;
        const body = parseInput(r.body, req.body, "body");
        await r.act(o.control, { body, params }, who);
        o.log(`api: ${r.action} by ${who}`);
        return sendJson(reply, 200, { ok: true, action: r.action, who });
      },
    });
  }

  const doc = JSON.stringify(openApiDocument());
  app.get(`${API_PREFIX}/openapi.json`, async (_req, reply) =>
    reply.type("application/json; charset=utf-8").send(doc),
  );
  app.get(`${API_PREFIX}/stream`, (_req, reply) => {
    reply.hijack();
    stream.attach(reply.raw);
  });

  registerDashboard(app);

  // preClose: open streams would otherwise keep the server from closing
  app.addHook("preClose", async () => stream.close());
  try {
    await app.listen({ port: o.port, host: o.host ?? "127.0.0.1" });
  } catch (e) {
    stream.close();
    await app.close();
    const where = `${o.host ?? "127.0.0.1"}:${o.port}`;
    throw new HydraError(
      "CONFIG_INVALID",
      `api: cannot listen on ${where}: ${(e as Error).message}`,
      { where },
      e,
    );
  }
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : o.port;
  o.log(`api: listening on http://${o.host ?? "127.0.0.1"}:${port}${API_PREFIX}`);
  return { port, publish: stream.publish, close: () => app.close() };
}
