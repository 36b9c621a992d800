import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The dashboard's folder: beside this module in the source tree; from the build (dist/src/runtime/api)
 * the same folder of the repository's source tree, since tsc copies no HTML, CSS or JS assets.
 */
function dashboardDir(): string {
  const candidates = [join(here, "dashboard"), join(here, "../../../../src/runtime/api/dashboard")];
  const found = candidates.find((d) => existsSync(join(d, "index.html")));
  if (found === undefined) throw new Error(`dashboard: no index.html in ${candidates.join(" or ")}`);
  return found;
}

// uPlot is served from its package, so the page works offline (no CDN)
const require = createRequire(import.meta.url);
const uplotDist = join(dirname(require.resolve("uplot/package.json")), "dist");

/** The only files /assets serves: a fixed list, so no request path ever reaches the file system. */
function assets(dir: string): Record<string, { file: string; type: string }> {
  return {
    "app.js": { file: join(dir, "app.js"), type: "text/javascript; charset=utf-8" },
    "style.css": { file: join(dir, "style.css"), type: "text/css; charset=utf-8" },
    "uplot.js": { file: join(uplotDist, "uPlot.iife.min.js"), type: "text/javascript; charset=utf-8" },
    "uplot.css": { file: join(uplotDist, "uPlot.min.css"), type: "text/css; charset=utf-8" },
  };
}

/** GET / (the page) and GET /assets/:file (its script, styles and uPlot). */
export function registerDashboard(app: FastifyInstance): void {
  const dir = dashboardDir();
  const files = assets(dir);
  const send = async (reply: FastifyReply, file: string, type: string): Promise<FastifyReply> =>
    reply
      .type(type)
      .header("cache-control", "no-cache")
      .header("x-content-type-options", "nosniff")
      .send(await readFile(file));

  app.get("/", async (_req, reply) => send(reply, join(dir, "index.html"), "text/html; charset=utf-8"));
  app.get<{ Params: { file: string } }>("/assets/:file", async (req, reply) => {
    const asset = Object.hasOwn(files, req.params.file) ? files[req.params.file] : undefined;
    if (asset === undefined) return reply.callNotFound();
    return send(reply, asset.file, asset.type);
  });
}
