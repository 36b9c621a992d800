import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { writeReliability } from "../test-support/reliability-out.js";
import { BUILT, freePort, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the soak of both halves: dist/ is not built (make test builds it)");

/**
 * Market hours the soak runs for, and how fast: make test runs 1.5 h at 360× (15 s of wall time);
 * `make soak` runs the 24 h at 120× (12 minutes).
 */
const HOURS = Number(process.env.HYDRA_SOAK_MARKET_HOURS ?? 1.5);
const SPEED = Number(process.env.HYDRA_SOAK_SPEED ?? 360);
/** the first quarter of the run (in samples) is warm-up: the JIT, SQLite's page cache, the first bars */
const WARM_UP = 0.25;
/** the log files are capped small, so that rotation happens within the run and its bound is tested */
const LOG_MAX_BYTES = 4096;
const LOG_KEEP = 5;
/** the outbox keeps one alert: two nodes each raise node-started, so the retention acts in every run */
const ALERTS_KEEP = 1;
const HOUR = 3_600_000;

const dir = mkdtempSync(path.join(tmpdir(), "hydra-soak-both-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Node {
  name: string;
  proc: HydraProcess;
  api: string;
  metrics: string;
}

interface Sample {
  wallMs: number;
  rss: number;
  fds: number;
  marketMs: number;
  logBytes: number;
}

/** resident memory (bytes) and open file descriptors of a process, from /proc */
function usage(pid: number): { rss: number; fds: number } {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return { rss: Number(kb) * 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
}

/** the node's log file and its rotated files, bytes in all */
function logBytes(name: string): number {
  const logs = path.join(dir, "logs");
  return readdirSync(logs)
    .filter((f) => f === `${name}.log` || f.startsWith(`${name}.log.`))
    .reduce((a, f) => a + statSync(path.join(logs, f)).size, 0);
}

/** the market time of the node's last loop, from its own API (GET /health) */
async function marketMs(node: Node): Promise<number> {
  const health = (await (await fetch(`${node.api}/health`)).json()) as {
    lastLoop: { marketMs: number } | null;
  };
  return health.lastLoop?.marketMs ?? Number.NaN;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** growth of the last tenth of the samples over the tenth right after warm-up */
function growth(samples: Sample[], of: (s: Sample) => number): number {
  const n = samples.length;
  const tenth = Math.max(1, Math.round(n / 10));
  const start = Math.floor(n * WARM_UP);
  const base = mean(samples.slice(start, start + tenth).map(of));
  return mean(samples.slice(n - tenth).map(of)) / base - 1;
}

const gauge = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);

describe.skipIf(!BUILT)(
  "soak: both halves as deployed (hydra run --paper and hydra ftmo on one database)",
  () => {
    it(
      `${HOURS} h of market time at ${SPEED}×: memory and file handles flat after warm-up, outbox and logs bounded`,
      async () => {
        const db = path.join(dir, "hydra.db");
        const env = {
          KILL_SWITCH: "",
          EXECUTION_MODE: "",
          USE_TURBO_BATCH: "",
          USE_INDEPENDENT_TRADING: "",
          HYDRA_LOG_MAX_BYTES: String(LOG_MAX_BYTES),
          HYDRA_ALERTS_KEEP: String(ALERTS_KEEP),
        };
        const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
        // as deploy/systemd runs them (one database, each with its metrics and API), on a compressed clock;
        // the FTMO market starts on a Monday in London's session, so 24 h take in two sessions and a roll
        const spawnNode = (name: string, args: string[], metrics: number, api: number): Node => ({
          name,
          proc: spawnHydra(
            [
              ...args,
              "--db",
              db,
              "--metrics-port",
              String(metrics),
              "--api-port",
              String(api),
              "--speed",
              String(SPEED),
            ],
            { env },
          ),
          api: `http://127.0.0.1:${api}/api/v1`,
          metrics: `http://127.0.0.1:${metrics}/metrics`,
        });
        const nodes = [
          spawnNode("run", ["run", "--paper"], ports[0]!, ports[1]!),
          spawnNode("ftmo", ["ftmo", "--start", "2024-03-04T12:45:00Z"], ports[2]!, ports[3]!),
        ];
        const samples = new Map<string, Sample[]>(nodes.map((n) => [n.name, []]));
        const outbox: number[] = [];
        const lag = new Map<string, { p99: number; max: number }>();
        let reader: Database.Database | undefined;
        try {
          // ready: each node has run its loop once (its API answers with a market time)
          const firstMarket = new Map<string, number>();
          for (const n of nodes)
            for (let i = 0; ; i++) {
              const m = await marketMs(n).catch(() => Number.NaN);
              if (Number.isFinite(m)) {
                firstMarket.set(n.name, m);
                break;
              }
              if (i > 600 || n.proc.proc.exitCode !== null)
                throw new Error(`${n.name} never answered its API:\n${n.proc.output().slice(-3000)}`);
              await new Promise((r) => setTimeout(r, 100));
            }
          reader = new Database(db, { readonly: true, fileMustExist: true });
          const count = reader.prepare("SELECT COUNT(*) AS n FROM alerts");
          // sampled every second until both market clocks have run HOURS (the nodes' own clocks, not arithmetic)
          const deadline = performance.now() + ((HOURS * HOUR) / SPEED) * 3 + 60_000;
          for (;;) {
            const next = performance.now() + 1000;
            const elapsed: number[] = [];
            for (const n of nodes) {
              const m = await marketMs(n);
              samples.get(n.name)!.push({
                wallMs: Date.now(),
                ...usage(n.proc.proc.pid!),
                marketMs: m,
                logBytes: logBytes(n.name),
              });
              elapsed.push(m - firstMarket.get(n.name)!);
            }
            outbox.push((count.get() as { n: number }).n);
            if (elapsed.every((e) => e >= HOURS * HOUR)) break;
            if (performance.now() > deadline)
              throw new Error(
                `market clocks at ${elapsed.map((e) => (e / HOUR).toFixed(2))} h when the wall deadline came`,
              );
            await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
          }
          // the event-loop lag the nodes measure themselves (since their start)
          for (const n of nodes) {
            const text = await (await fetch(n.metrics)).text();
            lag.set(n.name, {
              p99: gauge(text, "hydra_event_loop_lag_p99_seconds"),
              max: gauge(text, "hydra_event_loop_lag_max_seconds"),
            });
          }
          for (const n of nodes) expect(await n.proc.stop("SIGINT"), n.proc.output().slice(-2000)).toBe(0);
        } finally {
          reader?.close();
          for (const n of nodes) await n.proc.stop("SIGKILL", 5000);
        }

        if (process.env.HYDRA_SOAK_DEBUG) console.log(JSON.stringify(Object.fromEntries(samples)));
        const report: string[] = [];
        for (const n of nodes) {
          const s = samples.get(n.name)!;
          const hours = (s.at(-1)!.marketMs - s[0]!.marketMs) / HOUR;
          const rss = growth(s, (x) => x.rss);
          const fds = growth(s, (x) => x.fds);
          const maxLog = Math.max(...s.map((x) => x.logBytes));
          const l = lag.get(n.name)!;
          report.push(
            `${n.name}: ${s.length} samples over ${hours.toFixed(1)} h of market time ` +
              `(${new Date(s[0]!.marketMs).toISOString()} → ${new Date(s.at(-1)!.marketMs).toISOString()}) in ` +
              `${((s.at(-1)!.wallMs - s[0]!.wallMs) / 60_000).toFixed(1)} min; RSS ${(s[0]!.rss / 2 ** 20).toFixed(0)} → ` +
              `${(s.at(-1)!.rss / 2 ** 20).toFixed(0)} MiB (growth after warm-up ${(rss * 100).toFixed(1)} %), fds ` +
              `${s[0]!.fds} → ${s.at(-1)!.fds} (${(fds * 100).toFixed(1)} %), event-loop lag p99 ` +
              `${(l.p99 * 1000).toFixed(1)} ms (longest ${(l.max * 1000).toFixed(0)} ms), logs at most ${maxLog} bytes`,
          );
          // the market clock ran the whole span: the claim comes from the node, not from speed × wall time
          expect(hours).toBeGreaterThanOrEqual(HOURS * 0.99);
          expect(rss, `${n.name} resident memory grew after warm-up`).toBeLessThanOrEqual(0.1);
          expect(fds, `${n.name} open file descriptors grew after warm-up`).toBeLessThanOrEqual(0.1);
          // logs: rotated at HYDRA_LOG_MAX_BYTES, LOG_KEEP files kept besides the current one
          expect(maxLog).toBeLessThanOrEqual(LOG_MAX_BYTES * (LOG_KEEP + 1));
          expect(Number.isFinite(l.p99)).toBe(true);
        }
        // rotation happened (otherwise the bound was not tested): the HYDRA half logs a cycle every 5 minutes
        expect(readdirSync(path.join(dir, "logs"))).toContain("run.log.1");
        // the outbox: no channel is configured, so nothing is pending and it keeps HYDRA_ALERTS_KEEP alerts
        const alerts = (
          nodes
            .map((n) => n.proc.output())
            .join("\n")
            .match(/alert (info|warning|critical) [\w-]+:/g) ?? []
        ).length;
        expect(alerts).toBeGreaterThan(ALERTS_KEEP);
        expect(Math.max(...outbox)).toBeLessThanOrEqual(ALERTS_KEEP);
        report.push(
          `outbox: ${alerts} alerts raised, at most ${Math.max(...outbox)} kept (HYDRA_ALERTS_KEEP=${ALERTS_KEEP})`,
        );
        console.log(
          `soak of both halves (${SPEED}×, warm-up: the first ${WARM_UP * 100} % of the samples)\n${report.join("\n")}`,
        );
        const run = samples.get("run")!;
        const worst = (of: (s: Sample) => number) =>
          Math.max(...nodes.map((n) => growth(samples.get(n.name)!, of) * 100));
        writeReliability("soak", {
          marketHours: Number(((run.at(-1)!.marketMs - run[0]!.marketMs) / HOUR).toFixed(1)),
          wallMinutes: Number(((run.at(-1)!.wallMs - run[0]!.wallMs) / 60_000).toFixed(1)),
          rssGrowthPct: Number(worst((s) => s.rss).toFixed(1)),
          fdGrowthPct: Number(worst((s) => s.fds).toFixed(1)),
          lagP99Ms: Number((Math.max(...[...lag.values()].map((l) => l.p99)) * 1000).toFixed(1)),
          outboxMax: Math.max(...outbox),
          logMaxBytes: Math.max(
            ...nodes.map((n) => Math.max(...samples.get(n.name)!.map((s) => s.logBytes))),
          ),
        });
      },
      ((HOURS * HOUR) / SPEED) * 3 + 180_000,
    );
  },
);
