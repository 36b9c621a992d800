/**
 * `make bench`, the data rows of issue 18: what the user waits for before the kernel starts. Each row
 * is the median of a few runs, with the goal beside it and a reference measured in the same run (gunzip
 * alone for the loaders, a bare `node -e 0` for whole-process times). Nothing here asserts a time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { readMarketFileCached } from "../src/data/cache/cached-read.js";
import { dataFile } from "../src/data/data-dir.js";
import { readMarketFile } from "../src/data/readers/index.js";
import { openLines, unzipBytes } from "../src/data/readers/open-lines.js";
import { parseTicks } from "../src/data/readers/read-ticks.js";
import type { BenchRow } from "./summary.js";

const REL = "forex/lean_oanda_XAUUSD_tick_bidask_20140501-20140515.csv.gz";
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/hydra.js");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed(runs: number, fn: () => unknown): number {
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** Whole-process wall time of `node ARGS…`, median of `runs`. */
function processMs(args: string[], runs: number, env: NodeJS.ProcessEnv = process.env): number {
  return timed(runs, () => {
    const r = spawnSync(process.execPath, args, { env, stdio: "ignore" });
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${r.status}`);
  });
}

/** Peak RSS in MB of `node ARGS…`, through /usr/bin/time (undefined where it is absent). */
function peakRssMb(args: string[], env: NodeJS.ProcessEnv): number | undefined {
  if (!existsSync("/usr/bin/time")) return undefined;
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  const kb = Number(r.stderr.trim().split("\n").at(-1));
  return r.status === 0 && Number.isFinite(kb) ? kb / 1024 : undefined;
}

const M = (rowsPerS: number): string => `${(rowsPerS / 1e6).toFixed(1)} M rows/s`;
const row = (measure: string, figure: string, goal: string): void =>
  console.log(`| ${measure.padEnd(48)} | ${figure.padEnd(44)} | ${goal} |`);

const met = (ok: boolean): BenchRow["met"] => (ok ? "yes" : "no");

export async function dataLoading(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  console.log("\nData loading (issue 18): medians; the reference is measured in the same run");
  row("measure", "figure", "goal");
  row("---", "---", "---");
  const file = dataFile(REL);
  if (file === undefined) {
    console.log(
      `| (real data absent: ${REL} under HYDRA_DATA_DIR or ../shared/data; load rows skipped) | | |`,
    );
    const figure = `not measured: ${REL} absent`;
    for (const what of ["gzip CSV load, first", "repeat load from the cache", "peak RSS of a backtest"])
      rows.push({ what, figure, goal: "–", met: "n/a" });
  } else {
    const gz = readFileSync(file);
    const n = readMarketFile(file).length;
    const gunzipMs = timed(3, () => unzipBytes(file, gz));
    const chunkedMs = timed(3, () => gunzipSync(gz, { chunkSize: 1 << 20 }));
    const generalMs = timed(3, () => parseTicks(openLines(file)));
    const loadMs = timed(3, () => readMarketFile(file));
    const cacheDir = mkdtempSync(path.join(tmpdir(), "hydra-bench-cache-"));
    try {
      readMarketFileCached(file, {}, cacheDir);
      const hitMs = timed(5, () => {
        if (readMarketFileCached(file, {}, cacheDir).cache.kind !== "hit") throw new Error("expected a hit");
      });
      row(
        `gunzip alone, ${(n / 1e6).toFixed(2)} M ticks (reference)`,
        `${gunzipMs.toFixed(0)} ms → ${M(n / (gunzipMs / 1000))}`,
        "–",
      );
      row(
        "gunzip in 1 MiB chunks, as before issue 18",
        `${chunkedMs.toFixed(0)} ms (${(chunkedMs / gunzipMs).toFixed(2)}× one buffer)`,
        "–",
      );
      row(
        "gzip CSV load, general (string) reader, same gunzip",
        `${generalMs.toFixed(0)} ms → ${M(n / (generalMs / 1000))} (${(generalMs / gunzipMs).toFixed(2)}× gunzip)`,
        "(the reader before issue 18, less its slower gunzip)",
      );
      row(
        "gzip CSV load, first (byte parser, no cache)",
        `${loadMs.toFixed(0)} ms → ${M(n / (loadMs / 1000))} (${(loadMs / gunzipMs).toFixed(2)}× gunzip)`,
        "≥ 6 M rows/s",
      );
      row(
        "repeat load from the columnar cache",
        `${hitMs.toFixed(1)} ms → ${M(n / (hitMs / 1000))} (${(hitMs / gunzipMs).toFixed(2)}× gunzip)`,
        "≥ 50 M rows/s",
      );
      const first = n / (loadMs / 1000);
      const hit = n / (hitMs / 1000);
      rows.push(
        {
          what: `gzip CSV load, first, ${(n / 1e6).toFixed(2)} M ticks`,
          figure: M(first),
          goal: "≥ 6 M rows/s",
          met: met(first >= 6e6),
        },
        {
          what: "repeat load from the columnar cache",
          figure: M(hit),
          goal: "≥ 50 M rows/s",
          met: met(hit >= 50e6),
        },
      );
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
    const columnsMb = (n * 3 * 8) / 2 ** 20; // MiB, as /usr/bin/time reports KiB
    const rssDir = mkdtempSync(path.join(tmpdir(), "hydra-bench-rss-"));
    try {
      const env = { ...process.env, HYDRA_CACHE_DIR: rssDir, HYDRA_DB: path.join(rssDir, "hydra.db") };
      const bt = [BIN, "backtest", "--data", file, "--param", "period=20", "--param", "volume=0.1", "--json"];
      const cold = peakRssMb([...bt, "--no-cache"], env);
      peakRssMb(bt, env); // writes the cache entry
      const warm = peakRssMb(bt, env);
      const idle = peakRssMb([BIN, "--help"], env);
      const show = (mb: number | undefined): string =>
        mb === undefined
          ? "n/a (no /usr/bin/time)"
          : `${mb.toFixed(0)} MiB = ${(mb / columnsMb).toFixed(1)}× the columns`;
      row(
        `peak RSS, ${(n / 1e6).toFixed(2)} M-tick backtest, --no-cache`,
        show(cold),
        `≤ 2× the columns (${columnsMb.toFixed(0)} MiB)`,
      );
      row(
        "peak RSS, same, columns from the cache",
        show(warm),
        `≤ 2× the columns (${columnsMb.toFixed(0)} MiB)`,
      );
      row("peak RSS of `hydra --help` (the runtime alone, reference)", show(idle), "–");
      const goal = `≤ 2× the columns (${columnsMb.toFixed(0)} MiB)`;
      for (const [what, mb] of [
        ["peak RSS of the tick backtest, --no-cache", cold],
        ["peak RSS of the tick backtest, from the cache", warm],
      ] as const)
        rows.push({ what, figure: show(mb), goal, met: mb === undefined ? "n/a" : met(mb <= 2 * columnsMb) });
    } finally {
      rmSync(rssDir, { recursive: true, force: true });
    }
  }
  const bare = processMs(["-e", "0"], 5);
  const help = processMs([BIN, "--help"], 5);
  const size = processMs(
    [
      BIN,
      "size",
      "--symbol",
      "XAUUSD",
      "--balance",
      "100000",
      "--risk-pct",
      "0.5",
      "--entry",
      "2000",
      "--sl",
      "1995",
    ],
    5,
  );
  row("bare `node -e 0` (reference)", `${bare.toFixed(0)} ms`, "–");
  row("`hydra --help`", `${help.toFixed(0)} ms (node's own start: ${bare.toFixed(0)} ms)`, "≤ 100 ms");
  row("`hydra size …`", `${size.toFixed(0)} ms (node's own start: ${bare.toFixed(0)} ms)`, "≤ 100 ms");
  const own = `(\`node -e 0\`: ${bare.toFixed(0)} ms)`;
  rows.push(
    {
      what: "`hydra --help`, whole process",
      figure: `${help.toFixed(0)} ms ${own}`,
      goal: "≤ 100 ms",
      met: met(help <= 100),
    },
    {
      what: "`hydra size …`, whole process",
      figure: `${size.toFixed(0)} ms ${own}`,
      goal: "≤ 100 ms",
      met: met(size <= 100),
    },
  );
  return rows;
}
