import { readdirSync } from "node:fs";
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import { Gauge, Registry } from "prom-client";
import type { MetricsSource } from "./metrics-server.js";

/** A delivery state of the alert outbox, or `recorded` for an alert no channel was configured for. */
const ALERT_STATES = ["pending", "sent", "recorded"] as const;
const SEVERITIES = ["info", "warning", "critical"] as const;

/** One event-loop delay histogram per process, from the first node's metrics on (sampled every 10 ms). */
let loopDelay: IntervalHistogram | undefined;
function eventLoopDelay(): IntervalHistogram {
  if (loopDelay === undefined) {
    loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
  }
  return loopDelay;
}

/** Open file descriptors of this process (Linux /proc); NaN where there is no /proc. */
function openFds(): number {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return Number.NaN;
  }
}

interface AlertCount {
  severity: string;
  state: string;
  count: number;
}

/**
 * What every node process serves besides its half's metrics: when it started, which build it is, and
 * its alert outbox by severity and delivery state, its resident memory, open file descriptors and
 * event-loop lag (all read at the scrape; the lag since the process's metrics started).
 */
export class NodeMetrics implements MetricsSource {
  readonly registry = new Registry();
  private readonly alerts: Gauge<"severity" | "state">;
  private readonly rss: Gauge;
  private readonly fds: Gauge;
  private readonly lagP99: Gauge;
  private readonly lagMax: Gauge;
  private readonly delay = eventLoopDelay();

  constructor(o: {
    node: string;
    version: string;
    startedAtMs: number;
    /** the outbox's counts, read before each scrape */
    alertCounts?: () => readonly AlertCount[];
  }) {
    const registers = [this.registry];
    new Gauge({
      name: "hydra_process_start_time_seconds",
      help: "Start time of the node process since the Unix epoch",
      registers,
    }).set(o.startedAtMs / 1000);
    new Gauge({
      name: "hydra_build_info",
      help: "The build this node runs (always 1)",
      labelNames: ["node", "version"],
      registers,
    }).set({ node: o.node, version: o.version }, 1);
    this.alerts = new Gauge({
      name: "hydra_alerts",
      help: "Alerts in the node's outbox by severity and delivery state (one per channel; recorded: no channel)",
      labelNames: ["severity", "state"],
      registers,
    });
    this.rss = new Gauge({
      name: "hydra_process_resident_memory_bytes",
      help: "Resident memory of the node process",
      registers,
    });
    this.fds = new Gauge({
      name: "hydra_process_open_fds",
      help: "Open file descriptors of the node process (Linux)",
      registers,
    });
    // two gauges, not a gauge with a quantile label: promtool allows that label on summaries only
    this.lagP99 = new Gauge({
      name: "hydra_event_loop_lag_p99_seconds",
      help: "Event-loop delay of the node process since its start, 99th percentile",
      registers,
    });
    this.lagMax = new Gauge({
      name: "hydra_event_loop_lag_max_seconds",
      help: "Event-loop delay of the node process since its start, the longest",
      registers,
    });
    this.counts = o.alertCounts;
    this.refresh();
  }

  private readonly counts: (() => readonly AlertCount[]) | undefined;

  private refresh(): void {
    for (const severity of SEVERITIES)
      for (const state of ALERT_STATES) this.alerts.set({ severity, state }, 0);
    for (const c of this.counts?.() ?? []) this.alerts.set({ severity: c.severity, state: c.state }, c.count);
    this.rss.set(process.memoryUsage.rss());
    this.fds.set(openFds());
    // the histogram is in nanoseconds; before its first sample it reads NaN, served as 0
    const seconds = (ns: number): number => (Number.isFinite(ns) ? ns / 1e9 : 0);
    this.lagP99.set(seconds(this.delay.percentile(99)));
    this.lagMax.set(seconds(this.delay.max));
  }

  text(): Promise<string> {
    this.refresh();
    return this.registry.metrics();
  }
}
