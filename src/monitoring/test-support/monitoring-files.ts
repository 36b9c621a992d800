import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const MONITORING = path.join(ROOT, "monitoring");
export const PROMETHEUS_YML = path.join(MONITORING, "prometheus", "prometheus.yml");
export const RULES_YML = path.join(MONITORING, "prometheus", "rules", "hydra.rules.yml");
export const RULES_TEST_YML = path.join(MONITORING, "prometheus", "rules", "hydra.rules.test.yml");
export const RENDER_ALERTMANAGER = path.join(MONITORING, "alertmanager", "render-config.sh");
const DASHBOARDS = ["ftmo-challenge.json", "hydra-tournament.json"].map((f) =>
  path.join(MONITORING, "grafana", "dashboards", f),
);

/** A binary's path, or undefined when it is not installed (the test then skips, saying so). */
export function which(bin: string): string | undefined {
  try {
    return execFileSync("which", [bin], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const doc = parse(readFileSync(RULES_YML, "utf8")) as { groups: Array<{ rules: AlertRule[] }> };
  return doc.groups.flatMap((g) => g.rules);
}

export interface Panel {
  id: number;
  title: string;
  datasource: { type: string; uid: string };
  targets: Array<{ expr: string; refId: string; datasource: { uid: string } }>;
}

export function dashboards(): Array<{ file: string; uid: string; title: string; panels: Panel[] }> {
  return DASHBOARDS.map((file) => ({
    file,
    ...(JSON.parse(readFileSync(file, "utf8")) as { uid: string; title: string; panels: Panel[] }),
  }));
}

/**
 * An alert expression as a query that always answers while its series exist: each comparison with a
 * number becomes `bool` (0 or 1 instead of filtering), and `and` a product (the same label matching).
 * Empty means a series is missing or the labels do not match: the alert could never fire.
 */
export function probeOf(expr: string): string {
  return expr
    .replace(/(==|!=|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\b/g, "$1 bool $2")
    .replace(/\)\s+and\s+/g, ") * ");
}

/** The metric names an expression reads (HYDRA's and Prometheus's `up`). */
export function metricNames(expr: string): string[] {
  return [
    ...new Set([...expr.matchAll(/\b((?:hydra|ftmo)_[a-z_]+|up)\b(?=\s*[{[)\s]|$)/g)].map((m) => m[1]!)),
  ];
}
