/**
 * `make bench`: throughput of the trading kernel on real ticks, beside a bare loop doing the same
 * indicator work, measured in the same run. Figures go to stdout; nothing here asserts a time.
 */
import { performance } from "node:perf_hooks";
import { dataFile } from "../src/data/data-dir.js";
import { readMarketFile } from "../src/data/readers/index.js";
import type { TickSeries } from "../src/data/series.js";
import { generateTicks } from "../src/data/synthetic/index.js";
import { resolveInstrument } from "../src/model/default-instruments.js";
import { DEFAULT_RISK_CONFIG } from "../src/risk/risk-config.js";
import { runBacktest } from "../src/runtime/backtest.js";
import { BenchStrategy, IndicatorSet } from "./bench-strategy.js";
import { bridgeLatency } from "./bridge-latency.js";
import { bridgeProcessLatency } from "./bridge-process-latency.js";
import { challengeSpeedup } from "./challenge-speedup.js";
import { cycleOverhead } from "./cycle-overhead.js";
import { dataLoading } from "./data-loading.js";
import { dealEventLatency } from "./deal-event-latency.js";
import { optimizeSpeedup } from "./optimize-speedup.js";
import { peerSmaCross } from "./peer-sma-cross.js";
import { queueSpeedup } from "./queue-speedup.js";
import { replaySpeed } from "./replay-speed.js";
import { type BenchRow, printSummary } from "./summary.js";

const REL = "forex/lean_oanda_XAUUSD_tick_bidask_20140501-20140515.csv.gz";
const REPEAT = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function bareLoop(series: TickSeries): number {
  const ind = new IndicatorSet();
  const { time, bid } = series;
  let barEnd = Number.NEGATIVE_INFINITY;
  let close = 0;
  let open = false;
  for (let i = 0; i < series.length; i++) {
    const t = time[i]!;
    if (t >= barEnd) {
      if (open) ind.update(close);
      barEnd = t - (t % 60_000) + 60_000;
      open = true;
    }
    close = bid[i]!;
  }
  return ind.rsi.value;
}

function kernelRun(series: TickSeries, tickByTick = false, withRisk = false) {
  const spec = resolveInstrument("XAUUSD", { digits: 3, tickSize: 0.001 });
  return runBacktest({
    series,
    spec,
    strategy: (s) => new BenchStrategy(s),
    cash: 100_000,
    tickByTick,
    // the risk layer with the guardian, no duplicate cooldown (the bench strategy re-enters quickly)
    ...(withRisk ? { riskConfig: { ...DEFAULT_RISK_CONFIG, duplicateCooldownMs: 0 } } : {}),
  });
}

function fmt(n: number, d = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
}

async function main(): Promise<BenchRow[]> {
  const file = dataFile(REL);
  let series: TickSeries;
  console.log("HYDRA kernel benchmark (Node", process.version, ")");
  if (file === undefined) {
    console.log(
      `real data absent (${REL} under HYDRA_DATA_DIR or ../shared/data): using 15 days of synthetic XAUUSD ticks`,
    );
    series = generateTicks("XAUUSD", {
      seed: 1,
      startMs: Date.UTC(2024, 0, 1),
      endMs: Date.UTC(2024, 0, 16),
    });
  } else {
    const loads: number[] = [];
    let loaded: TickSeries | undefined;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const s = readMarketFile(file, { format: "ticks" });
      loads.push(performance.now() - t0);
      if (s.kind !== "ticks") throw new Error("expected ticks");
      loaded = s;
    }
    series = loaded!;
    const ms = median(loads);
    console.log(
      `load      ${fmt(series.length)} ticks from ${REL} (gzip, validated): ${fmt(ms, 1)} ms → ${fmt(series.length / (ms / 1000))} rows/s`,
    );
  }

  // Warm up both paths so the JIT has compiled them before timing.
  kernelRun(series);
  bareLoop(series);

  kernelRun(series, true);
  kernelRun(series, false, true);
  const riskMs: number[] = [];
  let riskFills = 0;
  const kernelMs: number[] = [];
  const liveMs: number[] = [];
  const bareMs: number[] = [];
  let fills = 0;
  for (let r = 0; r < REPEAT; r++) {
    let t0 = performance.now();
    const result = kernelRun(series);
    kernelMs.push(performance.now() - t0);
    fills = result.fills.length;
    t0 = performance.now();
    bareLoop(series);
    bareMs.push(performance.now() - t0);
    t0 = performance.now();
    kernelRun(series, true);
    liveMs.push(performance.now() - t0);
    t0 = performance.now();
    riskFills = kernelRun(series, false, true).fills.length;
    riskMs.push(performance.now() - t0);
  }
  const rk = median(riskMs);
  const l = median(liveMs);
  const k = median(kernelMs);
  const b = median(bareMs);
  console.log(
    `kernel    ${fmt(series.length)} ticks, M1 bars, SMA20/EMA50/RSI14 per bar, ${fills} fills: ${fmt(k, 1)} ms → ${fmt(series.length / (k / 1000))} ticks/s (median of ${REPEAT})`,
  );
  console.log(
    `with risk same, through the risk layer and the guardian (${riskFills} fills): ${fmt(rk, 1)} ms → ${fmt(series.length / (rk / 1000))} ticks/s`,
  );
  console.log(
    `live path ${fmt(series.length)} ticks one by one through onTick, as live trading feeds them: ${fmt(l, 1)} ms → ${fmt(series.length / (l / 1000))} ticks/s`,
  );
  console.log(
    `bare loop same ticks, same bar bucketing and indicator updates: ${fmt(b, 1)} ms → ${fmt(series.length / (b / 1000))} ticks/s`,
  );
  console.log(
    `ratio     kernel / bare loop = ${fmt(k / b, 2)}; live path / bare loop = ${fmt(l / b, 2)}   (goals: ≥ 5,000,000 ticks/s through the kernel, ratio ≤ 2)`,
  );
  return [
    {
      what: `kernel / bare loop (${fmt(series.length)} ticks pre-loaded, ${fills} fills)`,
      figure: `${fmt(k / b, 2)} (kernel ${fmt(k, 1)} ms, bare loop ${fmt(b, 1)} ms, medians of ${REPEAT})`,
      goal: "≤ 2",
      met: k / b <= 2 ? "yes" : "no",
    },
  ];
}

// every issue-18 row, printed as one table at the end
const summary: BenchRow[] = [];
summary.push(...(await main()));
summary.push(...(await dataLoading()));
await bridgeLatency();
summary.push(...(await bridgeProcessLatency()));
await dealEventLatency();
await cycleOverhead();
summary.push(...(await replaySpeed()));
summary.push(...(await optimizeSpeedup()));
summary.push(...(await challengeSpeedup()));
await queueSpeedup();
summary.push(...(await peerSmaCross()));
printSummary(summary);
