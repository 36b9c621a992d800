import { Gauge, Registry } from "prom-client";
import type { MetricsSource } from "./metrics-server.js";

/** A delivery state of the alert outbox, or `recorded` for an alert no channel was configured for. */
const ALERT_STATES = ["pending", "sent", "recorded"] as const;
const SEVERITIES = ["info", "warning", "critical"] as const;

interface AlertCount {
  severity: string;
  state: string;
  count: number;
}

/**
 * What every node process serves besides its half's metrics: when it started, which build it is, and
 * its alert outbox by severity and delivery state (read at the scrape).
 */
export class NodeMetrics implements MetricsSource {
  readonly registry = new Registry();
  private readonly alerts: Gauge<"severity" | "state">;

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
    this.counts = o.alertCounts;
    this.refresh();
  }

  private readonly counts: (() => readonly AlertCount[]) | undefined;

  private refresh(): void {
    for (const severity of SEVERITIES)
      for (const state of ALERT_STATES) this.alerts.set({ severity, state }, 0);
    for (const c of this.counts?.() ?? []) this.alerts.set({ severity: c.severity, state: c.state }, c.count);
  }

  text(): Promise<string> {
    this.refresh();
    return this.registry.metrics();
  }
}
