import { type ApiServer, startApiServer } from "./api-server.js";
import type { ApiNode } from "./composite-node.js";

/** Where a node serves its API: the port (0: a free one), the address, the control token. */
export interface NodeApiSettings {
  port: number;
  host?: string;
  token?: string;
}

/**
 * Serves a node's view and control (undefined settings: no server) and says where, and whether control
 * is on — the one way every node (ftmo, run, trade, demo) starts its API.
 */
export async function serveNode(
  settings: NodeApiSettings | undefined,
  node: ApiNode,
  log: (line: string) => void,
  what = "API",
): Promise<ApiServer | undefined> {
  if (settings === undefined) return undefined;
  const server = await startApiServer({
    port: settings.port,
    ...(settings.host === undefined ? {} : { host: settings.host }),
    view: node.view,
    control: node.control,
    ...(settings.token === undefined ? {} : { token: settings.token }),
    log,
  });
  const at = `http://${settings.host ?? "127.0.0.1"}:${server.port}`;
  const control = settings.token === undefined ? "off: set HYDRA_API_TOKEN" : "on, with the bearer token";
  log(
    what === "API"
      ? `API on ${at}/api/v1 (control ${control})`
      : `${what} on ${at}/ (API /api/v1; control ${control})`,
  );
  return server;
}
