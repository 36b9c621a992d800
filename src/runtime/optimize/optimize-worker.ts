import { parentPort, workerData } from "node:worker_threads";
import type { MarketSeries } from "../../data/series.js";
import { type OptimizeBase, type OptimizeUnit, runOptimizeUnit } from "./optimize-unit.js";

/** A worker thread's entry: asks for a unit, runs it, posts its outcome, until told to stop. */
const { series, base } = workerData as { series: MarketSeries; base: OptimizeBase };
const port = parentPort!;
port.on("message", (m: { kind: "unit"; unit: OptimizeUnit } | { kind: "stop" }) => {
  if (m.kind === "stop") {
    port.close();
    return;
  }
  port.postMessage({ kind: "outcome", outcome: runOptimizeUnit(series, base, m.unit) });
});
port.postMessage({ kind: "ready" });
