import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NodeMetrics } from "../telemetry/node-metrics.js";

/** The version in HYDRA's package.json (found above this file, in src/ or in dist/). */
function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "hydra") return pkg.version ?? "unknown";
    }
    const up = path.dirname(dir);
    if (up === dir) return "unknown";
    dir = up;
  }
}

/** The process's own metrics (start time, build, the alert outbox) for a node's metrics port. */
export function processMetrics(
  node: string,
  alerts: { counts(): Array<{ severity: string; state: string; count: number }> } | undefined,
): NodeMetrics {
  return new NodeMetrics({
    node,
    version: packageVersion(),
    startedAtMs: performance.timeOrigin,
    ...(alerts === undefined ? {} : { alertCounts: () => alerts.counts() }),
  });
}
