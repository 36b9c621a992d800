import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { freePort } from "../cli/test-support/spawn-hydra.js";
import {
  alertRules,
  dashboards,
  MONITORING,
  PROMETHEUS_YML,
  RENDER_ALERTMANAGER,
  RULES_TEST_YML,
  RULES_YML,
  which,
} from "./test-support/monitoring-files.js";

const dir = mkdtempSync(path.join(tmpdir(), "hydra-monitoring-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (bin: string, args: string[], env?: Record<string, string>) => {
  const r = spawnSync(bin, args, { encoding: "utf8", env: env ?? process.env });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

/** The variables of README's alerts section, with made-up values (nothing here is a real credential). */
const CHANNELS = {
  TELEGRAM_TOKEN: "123456:made-up-token",
  TELEGRAM_CHAT_ID: "-100123,456",
  SMTP_HOST: "smtp.example.invalid",
  SMTP_PORT: "587",
  SMTP_USER: "hydra",
  SMTP_PASS: "made-up-password",
  SMTP_FROM: "hydra@example.invalid",
  SMTP_TO: "ops@example.invalid",
};

/** render-config.sh into a fresh folder, with only the given variables (no .env of the checkout). */
function renderAlertmanager(
  name: string,
  vars: Record<string, string>,
): { dir: string; status: number | null; out: string } {
  const out = path.join(dir, name);
  const r = run("bash", [RENDER_ALERTMANAGER, out], {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: dir,
    HYDRA_DOTENV: "/dev/null",
    ...vars,
  });
  return { dir: out, ...r };
}

describe("Prometheus configuration and alert rules", () => {
  const promtool = which("promtool");

  it("every alert has a severity, a scope, a for: window, a summary and a runbook", () => {
    const rules = alertRules();
    expect(rules.length).toBeGreaterThanOrEqual(15);
    for (const r of rules) {
      expect(["critical", "warning"], r.alert).toContain(r.labels.severity);
      expect(["node", "bot"], r.alert).toContain(r.labels.scope);
      expect(r.for, r.alert).toMatch(/^\d+[sm]$/);
      expect(r.annotations.summary, r.alert).toBeTruthy();
      expect(r.annotations.runbook, r.alert).toMatch(/hydra /);
    }
  });

  it("promtool check config and check rules pass", (ctx) => {
    if (promtool === undefined) return ctx.skip("promtool not installed (apt-get install prometheus)");
    const config = run(promtool, ["check", "config", PROMETHEUS_YML]);
    expect(config.out).toContain("SUCCESS: 1 rule files found");
    expect(config.status, config.out).toBe(0);
    const rules = run(promtool, ["check", "rules", RULES_YML]);
    expect(rules.status, rules.out).toBe(0);
    expect(rules.out).toContain(`SUCCESS: ${alertRules().length} rules found`);
  });

  it("promtool test rules: each alert fires on its case and stays quiet on another", (ctx) => {
    const doc = parse(readFileSync(RULES_TEST_YML, "utf8")) as {
      tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
    };
    const cases = doc.tests.flatMap((t) => t.alert_rule_test);
    for (const r of alertRules()) {
      const mine = cases.filter((c) => c.alertname === r.alert);
      expect(
        mine.some((c) => c.exp_alerts.length > 0),
        `${r.alert} fires`,
      ).toBe(true);
      expect(
        mine.some((c) => c.exp_alerts.length === 0),
        `${r.alert} stays quiet`,
      ).toBe(true);
    }
    if (promtool === undefined) return ctx.skip("promtool not installed (apt-get install prometheus)");
    const r = run(promtool, ["test", "rules", RULES_TEST_YML]);
    expect(r.out).toContain("SUCCESS");
    expect(r.status, r.out).toBe(0);
  });
});

describe("Alertmanager configuration (rendered from the environment)", () => {
  const amtool = which("amtool");

  it("renders without any channel, and with Telegram and email, both valid for amtool check-config", (ctx) => {
    const none = renderAlertmanager("none", {});
    expect(none.status, none.out).toBe(0);
    expect(none.out).toContain("Telegram off, email off");
    const both = renderAlertmanager("both", CHANNELS);
    expect(both.status, both.out).toBe(0);
    expect(both.out).toContain("Telegram on, email on");
    const yml = readFileSync(path.join(both.dir, "alertmanager.yml"), "utf8");
    expect(yml).toContain("chat_id: -100123");
    // the SMTP password lives in a file of its own, beside the configuration, readable by its owner only
    expect(yml).toContain("auth_password_file: smtp_password");
    expect(yml).not.toContain(CHANNELS.SMTP_PASS);
    expect(readFileSync(path.join(both.dir, "smtp_password"), "utf8")).toBe(CHANNELS.SMTP_PASS);
    expect(statSync(path.join(both.dir, "smtp_password")).mode & 0o077).toBe(0);
    expect(statSync(path.join(both.dir, "alertmanager.yml")).mode & 0o077).toBe(0);
    if (amtool === undefined)
      return ctx.skip("amtool not installed (apt-get install prometheus-alertmanager)");
    for (const d of [none.dir, both.dir]) {
      const r = run(amtool, ["check-config", path.join(d, "alertmanager.yml")]);
      expect(r.status, r.out).toBe(0);
      expect(r.out).toContain("1 inhibit rules");
    }
  });

  it("refuses a Telegram token without a numeric chat id, and SMTP without its addresses", () => {
    const tg = renderAlertmanager("bad-tg", { TELEGRAM_TOKEN: "1:x", TELEGRAM_CHAT_ID: "@channel" });
    expect(tg.status).toBe(2);
    expect(tg.out).toContain("TELEGRAM_CHAT_ID must be a numeric chat id");
    const smtp = renderAlertmanager("bad-smtp", { SMTP_HOST: "smtp.example.invalid" });
    expect(smtp.status).toBe(2);
    expect(smtp.out).toContain("SMTP_FROM is required");
  });

  it("routes critical alerts to Telegram and email, warnings to Telegram", (ctx) => {
    if (amtool === undefined)
      return ctx.skip("amtool not installed (apt-get install prometheus-alertmanager)");
    const both = renderAlertmanager("routes", CHANNELS);
    const route = (labels: string[]) =>
      run(amtool, [
        "config",
        "routes",
        "test",
        `--config.file=${path.join(both.dir, "alertmanager.yml")}`,
        ...labels,
      ]).out.split("\n")[0];
    expect(route(["alertname=KillSwitchActive", "severity=critical"])).toBe("telegram-and-email");
    expect(route(["alertname=FtmoNoTicks", "severity=warning"])).toBe("telegram");
  });

  it("a running Alertmanager silences the per-bot alerts while the kill switch is active, not the node's", async (ctx) => {
    const bin = which("prometheus-alertmanager") ?? which("alertmanager");
    if (bin === undefined)
      return ctx.skip("alertmanager not installed (apt-get install prometheus-alertmanager)");
    const cfg = renderAlertmanager("running", {});
    const port = await freePort();
    const am: ChildProcess = spawn(
      bin,
      [
        `--config.file=${path.join(cfg.dir, "alertmanager.yml")}`,
        `--storage.path=${path.join(cfg.dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--cluster.listen-address=",
      ],
      { stdio: "ignore" },
    );
    try {
      const base = `http://127.0.0.1:${port}/api/v2`;
      for (;;) {
        const ok = await fetch(`${base}/status`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (am.exitCode !== null) throw new Error(`alertmanager exited (${am.exitCode})`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const alert = (alertname: string, severity: string, scope: string) => ({
        labels: { alertname, severity, scope, job: "ftmo-runner" },
        annotations: { summary: alertname },
      });
      const posted = await fetch(`${base}/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([
          alert("KillSwitchActive", "critical", "node"),
          alert("FtmoDailyLossRoomLow", "critical", "bot"),
          alert("FtmoBridgeDisconnected", "critical", "node"),
        ]),
      });
      expect(posted.status).toBe(200);
      const states = async () => {
        const list = (await (await fetch(`${base}/alerts`)).json()) as Array<{
          labels: { alertname: string };
          status: { state: string; inhibitedBy: string[] };
        }>;
        return Object.fromEntries(list.map((a) => [a.labels.alertname, a.status.state]));
      };
      let seen = await states();
      // the inhibitor needs the source alert processed: look again until the bot alert is suppressed (30 s at most)
      for (let i = 0; i < 150 && seen.FtmoDailyLossRoomLow !== "suppressed" && am.exitCode === null; i++) {
        await new Promise((r) => setTimeout(r, 200));
        seen = await states();
      }
      expect(seen).toEqual({
        KillSwitchActive: "active",
        FtmoDailyLossRoomLow: "suppressed",
        FtmoBridgeDisconnected: "active",
      });
    } finally {
      am.kill("SIGTERM");
    }
  });
});

describe("Grafana provisioning", () => {
  it("two dashboards whose every panel queries the provisioned Prometheus data source", () => {
    const ds = parse(
      readFileSync(path.join(MONITORING, "grafana/provisioning/datasources/prometheus.yml"), "utf8"),
    ) as {
      datasources: Array<{ uid: string; type: string }>;
    };
    expect(ds.datasources).toEqual([expect.objectContaining({ uid: "prometheus", type: "prometheus" })]);
    const boards = dashboards();
    expect(boards.map((b) => b.uid)).toEqual(["hydra-ftmo-challenge", "hydra-tournament"]);
    for (const b of boards) {
      expect(new Set(b.panels.map((p) => p.id)).size).toBe(b.panels.length);
      for (const p of b.panels) {
        expect(p.datasource.uid, `${b.title}: ${p.title}`).toBe("prometheus");
        expect(p.targets.length, `${b.title}: ${p.title}`).toBeGreaterThan(0);
        for (const t of p.targets) expect(t.expr.trim(), `${b.title}: ${p.title}`).not.toBe("");
      }
    }
  });
});

describe("no secret in the monitoring files", () => {
  it("no token, password or chat id is written in monitoring/", () => {
    const files = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(d, e.name)) : [path.join(d, e.name)],
      );
    for (const f of files(MONITORING)) {
      const text = readFileSync(f, "utf8");
      expect(text, f).not.toMatch(/bot_token:\s*['"]?\d+:/);
      expect(text, f).not.toMatch(/auth_password:\s*\S/);
      expect(text, f).not.toMatch(/chat_id:\s*-?\d/);
    }
  });
});
