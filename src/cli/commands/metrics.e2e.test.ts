import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SPEC_METRIC_NAMES } from "../../telemetry/ftmo-metrics.js";
import { HYDRA_METRIC_NAMES } from "../../telemetry/hydra-metrics.js";
import { BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the metrics end-to-end tests: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-metrics-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROCESS_METRIC_NAMES = ["hydra_process_start_time_seconds", "hydra_build_info", "hydra_alerts"];
const ENV = { KILL_SWITCH: "", USE_TURBO_BATCH: "", USE_INDEPENDENT_TRADING: "" };

function promtool(): string | undefined {
  try {
    return execFileSync("which", ["promtool"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `promtool check metrics` on a live exposition: nothing to say, exit 0. */
function lint(text: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(promtool()!, ["check", "metrics"], { input: text, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CLEAN = { status: 0, stdout: "", stderr: "" };

describe.skipIf(!BUILT)("the metrics of a running node", () => {
  it("hydra run --metrics-port 0: the tournament's and the process's metrics, promtool-clean", async (ctx) => {
    const p = spawnHydra(["run", "--speed", "600", "--metrics-port", "0", "--db", path.join(dir, "run.db")], {
      env: ENV,
    });
    try {
      const port = (await p.waitFor(/metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/, 30_000))[1]!;
      await p.waitFor(/cycle 2: /, 60_000);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      for (const name of [...HYDRA_METRIC_NAMES, ...PROCESS_METRIC_NAMES])
        expect(text, name).toContain(`# TYPE ${name} `);
      expect(text).toMatch(/^hydra_cycles_total [1-9]\d*$/m);
      expect(text).toMatch(/^hydra_engine_equity_dollars\{engine="offline-momentum"\} \d/m);
      expect(text).toMatch(/^hydra_build_info\{node="run",version="\d+\.\d+\.\d+"\} 1$/m);
      // the node-started alert, recorded (no channel configured)
      expect(text).toContain('hydra_alerts{severity="info",state="recorded"} 1');
      expect(text).not.toMatch(/^ftmo_|^process_|^nodejs_/m);
      if (promtool() === undefined) {
        ctx.skip("promtool not installed (apt-get install prometheus): exposition not linted");
        return;
      }
      expect(lint(text)).toEqual(CLEAN);
      expect(await p.stop("SIGINT")).toBe(0);
    } finally {
      await p.stop("SIGKILL", 5000);
    }
  });

  it("hydra demo: both halves and the process on its one metrics port, promtool-clean", async (ctx) => {
    const p = spawnHydra(
      ["demo", "--speed", "600", "--metrics-port", "0", "--api-port", "0", "--db", path.join(dir, "demo.db")],
      { env: ENV },
    );
    try {
      const port = (await p.waitFor(/\[ftmo\] +metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/, 30_000))[1]!;
      await p.waitFor(/\[hydra\] .*cycle 2: /, 60_000);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      for (const name of [...SPEC_METRIC_NAMES, ...HYDRA_METRIC_NAMES, ...PROCESS_METRIC_NAMES])
        expect(text, name).toContain(`# TYPE ${name} `);
      expect(text).toMatch(/^hydra_build_info\{node="demo",version="[^"]+"\} 1$/m);
      if (promtool() === undefined) {
        ctx.skip("promtool not installed (apt-get install prometheus): exposition not linted");
        return;
      }
      expect(lint(text)).toEqual(CLEAN);
      expect(await p.stop("SIGINT")).toBe(0);
    } finally {
      await p.stop("SIGKILL", 5000);
    }
  });

  it("hydra ftmo: the FTMO half and the process's metrics, promtool-clean", async (ctx) => {
    const p = spawnHydra(
      ["ftmo", "--speed", "600", "--metrics-port", "0", "--db", path.join(dir, "ftmo.db")],
      {
        env: ENV,
      },
    );
    try {
      const port = (await p.waitFor(/metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/, 30_000))[1]!;
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      for (const name of [...SPEC_METRIC_NAMES, ...PROCESS_METRIC_NAMES])
        expect(text, name).toContain(`# TYPE ${name} `);
      expect(text).toMatch(/^hydra_build_info\{node="ftmo",version="[^"]+"\} 1$/m);
      expect(text).not.toMatch(/^hydra_engine_/m);
      if (promtool() === undefined) {
        ctx.skip("promtool not installed (apt-get install prometheus): exposition not linted");
        return;
      }
      expect(lint(text)).toEqual(CLEAN);
      expect(await p.stop("SIGINT")).toBe(0);
    } finally {
      await p.stop("SIGKILL", 5000);
    }
  });
});
