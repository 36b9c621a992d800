import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layers, one way only: core ← model ← engines ← runtime ← cli. Each folder lists what it may
 * import; an engine never imports runtime or cli, and core and model import nothing of ours but below.
 */
const ALLOWED: Record<string, string[]> = {
  core: [],
  model: ["core"],
  indicators: ["core"],
  data: ["core", "model"],
  execution: ["core", "model"],
  portfolio: ["core", "model"],
  risk: ["core", "model", "portfolio"],
  // adapters: implement the engines' storage interfaces
  persistence: ["core", "model", "portfolio", "risk", "hydra", "alerts"],
  strategies: ["core", "model", "indicators"],
  // Prometheus exporter: fed by runtime, knows only the model
  telemetry: ["core", "model"],
  // alerts: the outbox, routing, dispatcher and the channels (Telegram, Twilio, SMTP); know only core
  alerts: ["core"],
  // research maths (walk-forward windows, deflated Sharpe, CSCV): pure functions over numbers
  research: ["core"],
  kernel: ["core", "model", "data", "execution", "portfolio", "risk", "strategies"],
  // the LLM engines, Mother AI, tournament: an engine never imports an adapter (persistence, runtime)
  hydra: ["core", "model", "indicators", "data", "execution", "portfolio", "risk", "strategies", "kernel"],
  runtime: [
    "core",
    "model",
    "indicators",
    "data",
    "execution",
    "portfolio",
    "risk",
    "strategies",
    "kernel",
    "hydra",
    "persistence",
    "telemetry",
    "alerts",
    "research",
  ],
  cli: [
    "core",
    "model",
    "indicators",
    "data",
    "execution",
    "portfolio",
    "risk",
    "strategies",
    "kernel",
    "hydra",
    "runtime",
    "persistence",
    "telemetry",
    "alerts",
    "research",
  ],
};

const SRC = path.dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    // test code (tests, contract suites, test support) never ships (tsconfig.build.json leaves it out)
    return e.name.endsWith(".ts") &&
      !e.name.endsWith(".test.ts") &&
      !e.name.endsWith(".contract.ts") &&
      !p.includes(`${path.sep}test-support${path.sep}`)
      ? [p]
      : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)) {
    out.push(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, ".ts")));
  }
  return out;
}

const layerOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0]!;

describe("architecture", () => {
  const files = sourceFiles(SRC);
  const graph = new Map(files.map((f) => [f, imports(f)]));

  it("sees the imports (the parser works)", () => {
    const edges = [...graph.values()].reduce((n, d) => n + d.length, 0);
    expect(edges).toBeGreaterThan(100);
    expect(graph.get(path.join(SRC, "kernel", "trading-kernel.ts"))).toContain(
      path.join(SRC, "execution", "order-manager.ts"),
    );
  });

  it("has every source file in a known layer", () => {
    const unknown = files.map(layerOf).filter((l) => !(l in ALLOWED));
    expect(unknown).toEqual([]);
  });

  it("imports only downwards", () => {
    const violations: string[] = [];
    for (const [file, deps] of graph) {
      const from = layerOf(file);
      for (const dep of deps) {
        const to = layerOf(dep);
        if (to !== from && !ALLOWED[from]!.includes(to))
          violations.push(`${path.relative(SRC, file)} → ${path.relative(SRC, dep)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("has no import cycle", () => {
    const state = new Map<string, "active" | "done">();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "active") {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(SRC, x)).join(" → "));
        return;
      }
      state.set(f, "active");
      for (const d of graph.get(f) ?? []) visit(d, [...trail, f]);
      state.set(f, "done");
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it("reads the wall clock only in the live clock", () => {
    const offenders = files.filter(
      (f) =>
        /Date\.now\(\)|new Date\(\)/.test(readFileSync(f, "utf8")) &&
        !f.endsWith(path.join("core", "clock.ts")),
    );
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});
