import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { HydraError } from "../core/errors.js";

/** What a metrics server serves: one registry's exposition text (a node may serve several). */
export interface MetricsSource {
  text(): Promise<string>;
}

const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export interface MetricsServer {
  /** the bound port (the real one when asked for port 0) */
  port: number;
  close(): Promise<void>;
}

/** The sources' texts one after the other (their metric names are disjoint: one prefix per registry). */
export async function exposition(sources: readonly MetricsSource[]): Promise<string> {
  const texts = await Promise.all(sources.map((s) => s.text()));
  return texts.map((t) => (t === "" || t.endsWith("\n") ? t : `${t}\n`)).join("");
}

/**
 * Serves GET /metrics (HEAD too) over plain HTTP: every source's metrics, concatenated; anything else
 * is 404. Loopback unless told otherwise.
 */
export function startMetricsServer(opts: {
  sources: readonly MetricsSource[];
  port: number;
  host?: string;
}): Promise<MetricsServer> {
  const { sources, port, host = "127.0.0.1" } = opts;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    exposition(sources).then(
      (body) => {
        res.writeHead(200, { "content-type": CONTENT_TYPE });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (e: unknown) => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`${String(e)}\n`);
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", (e) =>
      reject(new HydraError("CONFIG_INVALID", `metrics server: ${e.message}`, { host, port }, e)),
    );
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
