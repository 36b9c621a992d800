import type { Worker } from "node:worker_threads";
import type { MarketSeries } from "../../data/series.js";
import type { SegmentOutcome } from "../../research/optimize-analysis.js";
import { runWorker } from "../worker-thread.js";
import type { OptimizeBase, OptimizeUnit } from "./optimize-unit.js";

type FromWorker = { kind: "ready" } | { kind: "outcome"; outcome: SegmentOutcome };

/**
 * Runs the units over `workers` worker threads, each taking the next unit when it finishes one (the series
 * is shared memory, see shareSeries); every outcome goes to `onOutcome` as it arrives. A unit's outcome
 * depends only on the unit, never on which worker ran it or when. When `stop` resolves, the workers are
 * ended at once (units in flight are lost, the finished ones were handed over) and "stopped" is returned.
 */
export async function runUnits(
  series: MarketSeries,
  base: OptimizeBase,
  units: readonly OptimizeUnit[],
  workers: number,
  onOutcome: (o: SegmentOutcome) => void,
  stop: Promise<void>,
): Promise<"done" | "stopped"> {
  if (units.length === 0) return "done";
  const entry = new URL("./optimize-worker.js", import.meta.url);
  let next = 0;
  let stopped = false;
  const started: Worker[] = [];
  const dispatch = (w: Worker): void => {
    if (stopped || next >= units.length) w.postMessage({ kind: "stop" });
    else w.postMessage({ kind: "unit", unit: units[next++] });
  };
  const runs = Array.from({ length: Math.min(workers, units.length) }, (_, i) => {
    const r = runWorker<FromWorker>(entry, { series, base }, `optimize worker ${i}`, (m, w) => {
      if (m.kind === "outcome" && !stopped) onOutcome(m.outcome);
      dispatch(w);
    });
    started.push(r.worker);
    return r.done;
  });
  const all = Promise.all(runs).then(
    () => "done" as const,
    (e: unknown) => {
      // a worker ended by the stop is not a failure
      if (stopped) return "stopped" as const;
      throw e;
    },
  );
  const halted = stop.then(async () => {
    stopped = true;
    await Promise.allSettled(started.map((w) => w.terminate()));
    return "stopped" as const;
  });
  return Promise.race([all, halted]);
}
