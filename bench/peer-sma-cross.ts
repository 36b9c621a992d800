/**
 * SMA cross on 186,354 EURUSD M1 bars (HistData, 2017 H1), whole process as a user times it: `hydra
 * backtest --data … --param period=15 --contract-size 1` against backtrader running the same strategy
 * (bench/peers/backtrader_sma_cross.py: backtrader's own test strategy, which HYDRA's sma-cross reproduces
 * to the cent). backtrader is not a dependency: HYDRA_BACKTRADER_DIR names a checkout of
 * github.com/mementum/backtrader (put on PYTHONPATH), HYDRA_PYTHON the interpreter (default python3).
 * Both must report the same fills and closed trades. Goal (issue 18): ≥ 50× backtrader's time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { dataFile } from "../src/data/data-dir.js";
import { backtraderCounts, hydraCounts, type PeerCounts } from "./peer-output.js";
import { percentile } from "./percentile.js";
import type { BenchRow } from "./summary.js";

const REL = "forex/histdata_EURUSD_M1_2017H1.csv.gz";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin", "hydra.js");
const SCRIPT = path.join(ROOT, "bench", "peers", "backtrader_sma_cross.py");
const HYDRA_RUNS = 3;
/** backtrader takes ~20 s a run here: one by default, more with HYDRA_BENCH_BACKTRADER_RUNS */
const PEER_RUNS = Number(process.env.HYDRA_BENCH_BACKTRADER_RUNS ?? 1);
const WHAT = "SMA-cross, 186k M1 bars, whole process: backtrader time / HYDRA time";
const GOAL = "≥ 50×";

interface Timed {
  ms: number;
  /** user + system CPU time of the process (NaN without /usr/bin/time): steadier than wall time under load */
  cpuMs: number;
  stdout: string;
}

const TIME = "/usr/bin/time";

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Timed {
  const opts = { env, encoding: "utf8", maxBuffer: 64 << 20 } as const;
  const viaTime = existsSync(TIME);
  const t0 = performance.now();
  const r = viaTime ? spawnSync(TIME, ["-f", "cpu %U %S", cmd, ...args], opts) : spawnSync(cmd, args, opts);
  const ms = performance.now() - t0;
  if (r.error !== undefined) throw r.error;
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}: ${r.stderr.slice(-500)}`);
  const m = /^cpu ([\d.]+) ([\d.]+)$/m.exec(r.stderr);
  const cpuMs = m === null ? Number.NaN : (Number(m[1]) + Number(m[2])) * 1000;
  return { ms, cpuMs, stdout: r.stdout };
}

/** The medians of `runs` timed runs (wall and CPU) and the counts of the last. */
function timedRuns(runs: number, once: () => Timed, counts: (stdout: string) => PeerCounts) {
  const ms: number[] = [];
  const cpu: number[] = [];
  let last: Timed | undefined;
  for (let i = 0; i < runs; i++) {
    last = once();
    ms.push(last.ms);
    cpu.push(last.cpuMs);
  }
  return { ms: percentile(ms, 50), cpuMs: percentile(cpu, 50), counts: counts(last!.stdout) };
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export async function peerSmaCross(): Promise<BenchRow[]> {
  const file = dataFile(REL);
  if (file === undefined) {
    const why = `not measured: ${REL} absent (HYDRA_DATA_DIR or ../shared/data)`;
    console.log(`peer      SMA cross vs backtrader: ${why}`);
    return [{ what: WHAT, figure: why, goal: GOAL, met: "n/a" }];
  }
  const cacheDir = mkdtempSync(path.join(tmpdir(), "hydra-bench-peer-"));
  const env = { ...process.env, HYDRA_CACHE_DIR: cacheDir };
  const hydraArgs = [BIN, "backtest", "--data", file, "--strategy", "sma-cross", "--param", "period=15"];
  // backtrader's default broker is stock-like: 1 unit a contract, no commission (as the reproduction in the README)
  hydraArgs.push("--contract-size", "1");
  const hydraOnce = (extra: string[] = []): Timed => run(process.execPath, [...hydraArgs, ...extra], env);
  let first: Timed;
  let hydra: ReturnType<typeof timedRuns>;
  try {
    first = hydraOnce(["--no-cache"]);
    hydraOnce(); // writes the columnar cache, as a user's first run does
    hydra = timedRuns(HYDRA_RUNS, hydraOnce, hydraCounts);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const hydraLine = `HYDRA ${s(hydra.ms)}, CPU ${s(hydra.cpuMs)} (median of ${HYDRA_RUNS}; data from the cache; ${s(first.ms)} parsing the file, --no-cache)`;
  console.log(`peer      SMA cross (period 15), ${REL}, whole process:`);
  console.log(
    `          ${hydraLine}: ${hydra.counts.fills} fills, ${hydra.counts.closedTrades} closed trades`,
  );

  const btDir = process.env.HYDRA_BACKTRADER_DIR;
  const python = process.env.HYDRA_PYTHON ?? "python3";
  let why: string | undefined;
  if (btDir === undefined || btDir === "")
    why = "HYDRA_BACKTRADER_DIR unset (a checkout of github.com/mementum/backtrader)";
  else if (!existsSync(path.join(btDir, "backtrader", "__init__.py")))
    why = `HYDRA_BACKTRADER_DIR=${btDir} holds no backtrader/__init__.py`;
  if (why !== undefined) {
    console.log(`          backtrader not measured: ${why}`);
    return [{ what: WHAT, figure: `not measured: ${why}; ${hydraLine}`, goal: GOAL, met: "n/a" }];
  }
  const pyEnv = { ...process.env, PYTHONPATH: btDir, PYTHONDONTWRITEBYTECODE: "1" };
  let peer: ReturnType<typeof timedRuns>;
  try {
    peer = timedRuns(PEER_RUNS, () => run(python, [SCRIPT, file, "15"], pyEnv), backtraderCounts);
  } catch (e) {
    const msg = `not measured: backtrader did not run (${(e as Error).message.split("\n")[0]})`;
    console.log(`          backtrader ${msg}`);
    return [{ what: WHAT, figure: `${msg}; ${hydraLine}`, goal: GOAL, met: "n/a" }];
  }
  const same =
    peer.counts.fills === hydra.counts.fills && peer.counts.closedTrades === hydra.counts.closedTrades;
  const ratio = peer.ms / hydra.ms;
  const cpuRatio = peer.cpuMs / hydra.cpuMs;
  console.log(
    `          backtrader ${s(peer.ms)}, CPU ${s(peer.cpuMs)} (median of ${PEER_RUNS}; ${python}): ${peer.counts.fills} fills, ${peer.counts.closedTrades} closed trades${same ? " — the same" : " — DIFFERENT"}`,
  );
  console.log(
    `          ratio backtrader / HYDRA = ${ratio.toFixed(1)}× (CPU time: ${cpuRatio.toFixed(1)}×; HYDRA parsing the file: ${(peer.ms / first.ms).toFixed(1)}×)   (goal ≥ 50×)`,
  );
  return [
    {
      what: WHAT,
      figure: `${ratio.toFixed(1)}×: backtrader ${s(peer.ms)}, HYDRA ${s(hydra.ms)} (CPU time ${cpuRatio.toFixed(1)}×; ${(peer.ms / first.ms).toFixed(1)}× with --no-cache: ${s(first.ms)}); trades ${hydra.counts.closedTrades} vs ${peer.counts.closedTrades}${same ? "" : " (DIFFERENT)"}`,
      goal: GOAL,
      met: same ? (ratio >= 50 ? "yes" : "no") : "no",
    },
  ];
}
