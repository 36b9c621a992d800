import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BIN, BUILT } from "../cli/test-support/spawn-hydra.js";
import { ROOT, RULES_YML, which } from "./test-support/monitoring-files.js";

const dir = mkdtempSync(path.join(tmpdir(), "hydra-deploy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (f: string) => readFileSync(path.join(ROOT, f), "utf8");
const run = (bin: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const r = spawnSync(bin, args, { encoding: "utf8", ...opts });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Debian's docker-compose (v1), or Docker's own `docker compose` when the machine has it. */
function composeCommand(): string[] | undefined {
  if (which("docker") !== undefined && run("docker", ["compose", "version"]).status === 0)
    return ["docker", "compose"];
  const v1 = which("docker-compose");
  return v1 === undefined ? undefined : [v1];
}

/** `compose config` on compose.yaml with .env.example as .env (a copy: the checkout's .env is not read). */
function composeConfig(env: Record<string, string>) {
  const cmd = composeCommand()!;
  copyFileSync(path.join(ROOT, "compose.yaml"), path.join(dir, "compose.yaml"));
  copyFileSync(path.join(ROOT, ".env.example"), path.join(dir, ".env"));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== "GRAFANA_ADMIN_PASSWORD"),
  );
  return run(cmd[0]!, [...cmd.slice(1), "-f", "compose.yaml", "config"], {
    cwd: dir,
    env: { ...clean, ...env },
  });
}

interface ComposeService {
  command?: string[];
  ports?: Array<string | { host_ip?: string; published?: string | number; target?: number }>;
  volumes?: Array<string | { type: string; source: string; target: string }>;
  environment?: Record<string, string | null>;
  user?: string;
}

describe("compose.yaml", () => {
  it("validates with `docker compose config`: five services, loopback ports, named volumes, .env for secrets", (ctx) => {
    if (composeCommand() === undefined)
      return ctx.skip("docker-compose not installed (apt-get install docker-compose)");
    const r = composeConfig({ GRAFANA_ADMIN_PASSWORD: "made-up" });
    expect(r.status, r.stderr).toBe(0);
    const doc = parse(r.stdout) as {
      services: Record<string, ComposeService>;
      volumes: Record<string, unknown>;
    };
    expect(Object.keys(doc.services).sort()).toEqual([
      "alertmanager",
      "ftmo-runner",
      "grafana",
      "hydra-runtime",
      "prometheus",
    ]);
    expect(Object.keys(doc.volumes).sort()).toEqual(["grafana-data", "hydra-data", "prometheus-data"]);
    const ports = (s: ComposeService): string[] =>
      (s.ports ?? []).map((p) => (typeof p === "string" ? p : `${p.host_ip}:${p.published}:${p.target}`));
    expect(ports(doc.services["ftmo-runner"]!)).toContain("127.0.0.1:9101:9100/tcp");
    expect(ports(doc.services.grafana!)).toContain("127.0.0.1:3001:3000/tcp");
    expect(ports(doc.services.prometheus!)).toContain("127.0.0.1:9090:9090/tcp");
    expect(ports(doc.services.alertmanager!)).toContain("127.0.0.1:9093:9093/tcp");
    for (const [name, s] of Object.entries(doc.services))
      for (const p of ports(s)) expect(p, `${name} publishes on loopback only`).toMatch(/^127\.0\.0\.1:/);
    // both nodes read .env (the names of .env.example arrive, empty here) and keep their state in the volume
    for (const node of ["hydra-runtime", "ftmo-runner"]) {
      const s = doc.services[node]!;
      expect(s.environment).toMatchObject({ HYDRA_DB: "/data/hydra.db", TELEGRAM_TOKEN: "" });
      expect(JSON.stringify(s.volumes)).toContain("/data");
    }
    expect(doc.services.grafana!.environment?.GF_SECURITY_ADMIN_PASSWORD).toBe("made-up");
  });

  it("refuses to start Grafana without GRAFANA_ADMIN_PASSWORD", (ctx) => {
    if (composeCommand() === undefined)
      return ctx.skip("docker-compose not installed (apt-get install docker-compose)");
    const r = composeConfig({});
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("set GRAFANA_ADMIN_PASSWORD in .env");
  });

  it("its node commands and the systemd units' use only flags the hydra command has", (ctx) => {
    if (!BUILT) return ctx.skip("dist/ is not built (make test builds it)");
    const compose = parse(read("compose.yaml")) as { services: Record<string, ComposeService> };
    const commands = [
      ...["hydra-runtime", "ftmo-runner"].map((s) => compose.services[s]!.command!),
      ...["hydra-runtime.service", "ftmo-runner.service"].map((u) => {
        const exec = /^ExecStart=\/usr\/bin\/node \/opt\/hydra\/bin\/hydra\.js (.*)$/m.exec(
          read(`deploy/systemd/${u}`),
        );
        return exec![1]!.split(" ");
      }),
    ];
    for (const argv of commands) {
      const help = run(process.execPath, [BIN, argv[0]!, "--help"]).stdout;
      for (const flag of argv.filter((a) => a.startsWith("--")))
        expect(help, `${argv[0]} ${flag}`).toContain(flag);
    }
  });
});

describe("Dockerfile", () => {
  const text = read("Dockerfile");
  it("builds in one stage and runs slim, as a non-root user, with a health check and the data in a volume", () => {
    const stages = [...text.matchAll(/^FROM (\S+) AS (\w+)$/gm)].map((m) => [m[1], m[2]]);
    expect(stages).toEqual([
      ["node:20-bookworm-slim", "build"],
      ["node:20-bookworm-slim", "runtime"],
    ]);
    const runtime = text.slice(text.indexOf("AS runtime"));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(runtime).toContain("HEALTHCHECK");
    expect(runtime).toContain("/api/v1/health");
    // no compiler, no sources in the runtime image: only the build's output
    expect(runtime).not.toMatch(/g\+\+|COPY src/);
    // secrets never enter the image
    const instructions = text.split("\n").filter((l) => !l.startsWith("#"));
    expect(instructions.filter((l) => /\.env\b|SECRET|TOKEN|PASS/.test(l))).toEqual([]);
    expect(read(".dockerignore").split("\n")).toEqual(expect.arrayContaining([".env", "data"]));
  });
});

describe("systemd units", () => {
  const units = ["hydra-runtime.service", "ftmo-runner.service"];
  it("restart on failure, stop with SIGINT, read the same environment file", () => {
    for (const u of units) {
      const text = read(`deploy/systemd/${u}`);
      expect(text, u).toMatch(/^Restart=on-failure$/m);
      expect(text, u).toMatch(/^KillSignal=SIGINT$/m);
      expect(text, u).toMatch(/^EnvironmentFile=\/opt\/hydra\/\.env$/m);
      expect(text, u).toMatch(/^User=hydra$/m);
    }
  });

  it("pass `systemd-analyze verify` without a warning", (ctx) => {
    if (which("systemd-analyze") === undefined) return ctx.skip("systemd-analyze not installed");
    for (const u of units) {
      const r = run("systemd-analyze", ["verify", path.join(ROOT, "deploy", "systemd", u)]);
      expect({ status: r.status, out: `${r.stdout}${r.stderr}` }, u).toEqual({ status: 0, out: "" });
    }
  });

  it("the host's Prometheus configuration (local-config.sh) passes promtool check config", (ctx) => {
    const promtool = which("promtool");
    if (promtool === undefined) return ctx.skip("promtool not installed (apt-get install prometheus)");
    const out = path.join(dir, "prometheus.yml");
    const w = run("bash", [
      path.join(ROOT, "monitoring", "prometheus", "local-config.sh"),
      out,
      "127.0.0.1:9100",
      "127.0.0.1:9101",
      "127.0.0.1:9093",
      RULES_YML,
    ]);
    expect(w.status, w.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain('targets: ["127.0.0.1:9101"]');
    const r = run(promtool, ["check", "config", out]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});
