import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT, freePort } from "../cli/test-support/spawn-hydra.js";
import {
  alertRules,
  dashboards,
  metricNames,
  probeOf,
  ROOT,
  which,
} from "./test-support/monitoring-files.js";

/**
 * `make stack` as a user runs it (scripts/stack.sh: hydra demo, Debian's Prometheus with the project's
 * configuration and rules, Alertmanager), on free ports and a 1 s scrape: every Grafana panel's query
 * and every alert expression is evaluated through Prometheus's HTTP API against the running demo, and
 * each must return data — a query that returns nothing is a broken panel or an alert that cannot fire.
 */
const missing = ["prometheus", "amtool"].filter((b) => which(b) === undefined);
const reason = !BUILT
  ? "dist/ is not built (make test builds it)"
  : missing.length > 0
    ? `${missing.join(", ")} not installed (make setup installs prometheus and prometheus-alertmanager)`
    : undefined;
if (reason !== undefined) console.warn(`skipping the monitoring stack test: ${reason}`);

const dir = mkdtempSync(path.join(tmpdir(), "hydra-stack-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface QueryAnswer {
  status: string;
  error?: string;
  data?: { resultType: string; result: unknown[] };
}

describe.skipIf(reason !== undefined)("make stack: Prometheus against a running hydra demo", () => {
  it("every panel query and alert expression returns data; Ctrl-C stops the stack", async () => {
    const [prom, am, metrics, api] = [await freePort(), await freePort(), await freePort(), await freePort()];
    let out = "";
    const stack: ChildProcess = spawn("bash", [path.join(ROOT, "scripts", "stack.sh")], {
      cwd: ROOT,
      env: {
        ...process.env,
        HYDRA_STACK_DIR: dir,
        HYDRA_STACK_DB: path.join(dir, "hydra.db"),
        HYDRA_STACK_PROMETHEUS_PORT: String(prom),
        HYDRA_STACK_ALERTMANAGER_PORT: String(am),
        HYDRA_STACK_METRICS_PORT: String(metrics),
        HYDRA_STACK_API_PORT: String(api),
        HYDRA_STACK_SPEED: "600",
        HYDRA_STACK_SCRAPE_INTERVAL: "1s",
        HYDRA_DOTENV: "/dev/null",
        KILL_SWITCH: "",
        TELEGRAM_TOKEN: "",
        SMTP_HOST: "",
        TWILIO_SID: "",
        USE_TURBO_BATCH: "",
        USE_INDEPENDENT_TRADING: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    stack.stdout?.setEncoding("utf8").on("data", (s: string) => (out += s));
    stack.stderr?.setEncoding("utf8").on("data", (s: string) => (out += s));
    const exited = new Promise<number | null>((r) => stack.once("exit", (code) => r(code)));
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const base = `http://127.0.0.1:${prom}/api/v1`;
    const query = async (q: string): Promise<QueryAnswer> =>
      (await fetch(`${base}/query?query=${encodeURIComponent(q)}`)).json() as Promise<QueryAnswer>;
    try {
      while (!out.includes("[stack] up")) {
        if (stack.exitCode !== null) throw new Error(`stack.sh exited (${stack.exitCode}):\n${out}`);
        await sleep(200);
      }
      for (const a of [
        `dashboard     http://127.0.0.1:${api}/`,
        `metrics       http://127.0.0.1:${metrics}/metrics`,
        `prometheus    http://127.0.0.1:${prom}/`,
        `alertmanager  http://127.0.0.1:${am}/`,
      ])
        expect(out).toContain(a);
      // three scrapes of each job (rates need two samples) and a HYDRA cycle and FTMO fill seen by the demo
      for (;;) {
        const a = await query('min(count_over_time(up{job=~"hydra-runtime|ftmo-runner"}[10m]))');
        const n = Number((a.data?.result[0] as { value?: [number, string] } | undefined)?.value?.[1] ?? 0);
        if (n >= 3 && /\[demo\] \[hydra\] .*cycle \d+: /.test(out)) break;
        if (stack.exitCode !== null) throw new Error(`stack.sh exited (${stack.exitCode}):\n${out}`);
        await sleep(500);
      }
      const empty: string[] = [];
      const failed: string[] = [];
      const check = async (what: string, q: string): Promise<void> => {
        const a = await query(q);
        if (a.status !== "success") failed.push(`${what}: ${q} → ${a.error}`);
        else if ((a.data?.result.length ?? 0) === 0) empty.push(`${what}: ${q}`);
      };
      let panels = 0;
      let targets = 0;
      for (const b of dashboards())
        for (const p of b.panels) {
          panels++;
          for (const t of p.targets) {
            targets++;
            await check(`${b.title} / ${p.title}`, t.expr);
          }
        }
      const rules = alertRules();
      const names = new Set<string>();
      for (const r of rules) {
        await check(`alert ${r.alert}`, probeOf(r.expr));
        for (const n of metricNames(r.expr)) names.add(n);
      }
      for (const n of names) await check("metric", n);
      expect({ failed, empty }).toEqual({ failed: [], empty: [] });
      // Prometheus itself evaluated every rule of the project's rule file without an error
      const loaded = (await (await fetch(`${base}/rules`)).json()) as {
        data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
      };
      const evaluated = loaded.data.groups.flatMap((g) => g.rules);
      expect(evaluated.map((r) => r.name).sort()).toEqual(rules.map((r) => r.alert).sort());
      expect(evaluated.filter((r) => r.health !== "ok")).toEqual([]);
      console.log(
        `evaluated ${targets} queries of ${panels} panels, ${rules.length} alert expressions and ${names.size} metric names: all returned data`,
      );
      // Alertmanager answers, and Prometheus knows it
      expect((await fetch(`http://127.0.0.1:${am}/-/ready`)).status).toBe(200);
      stack.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(out).toContain("[stack] stopped");
      await expect(fetch(`${base}/query?query=up`)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${metrics}/metrics`)).rejects.toThrow();
    } finally {
      if (stack.exitCode === null) {
        stack.kill("SIGTERM");
        await exited;
      }
    }
  }, 120_000);
});
