import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { decisionOutcome, HYDRA_METRIC_NAMES, HydraMetrics } from "./hydra-metrics.js";
import { exposition } from "./metrics-server.js";
import { NodeMetrics } from "./node-metrics.js";

function promtool(): string | undefined {
  try {
    return execFileSync("which", ["promtool"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function filled(): HydraMetrics {
  const m = new HydraMetrics(["alpha", "beta"], ["BTC-USD"]);
  m.decision({
    engine: "alpha",
    outcome: "denied:MAX_POSITIONS",
    cause: null,
    called: true,
    inputTokens: 1200,
    outputTokens: 300,
    costUsd: 0.0021,
    latencySeconds: 0.8,
  });
  m.decision({
    engine: "beta",
    outcome: "no-decision",
    cause: "budget",
    called: false,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    latencySeconds: 0,
  });
  m.cycleDone(0.02);
  m.setEngine("alpha", { equity: 25_120.5, realizedPnl: 120.5, weight: 0.4, dailyLossRoom: 0.9 });
  m.setBudgetRemaining("alpha", 0.25);
  m.setBreaker("beta", "open");
  m.setFeedAge("BTC-USD", 2.5);
  m.setKillSwitch(true);
  return m;
}

describe("HYDRA metrics", () => {
  it("serves every metric with bounded labels, from the start and after events", async () => {
    const text = await filled().text();
    for (const name of HYDRA_METRIC_NAMES) expect(text, name).toContain(`# TYPE ${name} `);
    expect(text).toContain('hydra_decisions_total{engine="alpha",outcome="denied",cause="none"} 1');
    expect(text).toContain('hydra_decisions_total{engine="beta",outcome="no-decision",cause="budget"} 1');
    // series that exist before any event: a rate over them has data
    expect(text).toContain('hydra_decisions_total{engine="beta",outcome="no-decision",cause="timeout"} 0');
    expect(text).toContain('hydra_llm_tokens_total{engine="alpha",kind="input"} 1200');
    expect(text).toContain('hydra_llm_cost_dollars_total{engine="alpha"} 0.0021');
    expect(text).toContain('hydra_llm_latency_seconds_count{engine="alpha"} 1');
    expect(text).not.toContain('hydra_llm_latency_seconds_count{engine="beta"}');
    expect(text).toContain("hydra_cycle_duration_seconds_count 1");
    expect(text).toContain('hydra_engine_equity_dollars{engine="alpha"} 25120.5');
    expect(text).toContain('hydra_tournament_weight{engine="alpha"} 0.4');
    expect(text).toContain('hydra_engine_daily_loss_room_ratio{engine="alpha"} 0.9');
    expect(text).toContain('hydra_llm_budget_remaining_ratio{engine="beta"} 1');
    expect(text).toContain('hydra_engine_breaker_state{engine="beta"} 2');
    expect(text).toContain('hydra_feed_age_seconds{asset="BTC-USD"} 2.5');
    expect(text).toContain("hydra_kill_switch_active 1");
    expect(text).not.toMatch(/^process_|^nodejs_/m);
  });

  it("turns outcomes into a bounded label", () => {
    expect(
      ["sent", "vote:sent", "denied:X", "vote:denied:Y", "stale", "hold", "no-decision", "odd"].map(
        decisionOutcome,
      ),
    ).toEqual(["sent", "sent", "denied", "denied", "stale", "hold", "no-decision", "other"]);
  });

  it("the process's metrics: start time, build, the outbox by severity and delivery state", async () => {
    const n = new NodeMetrics({
      node: "run",
      version: "0.1.0",
      startedAtMs: 1_700_000_000_000,
      alertCounts: () => [{ severity: "critical", state: "pending", count: 2 }],
    });
    const text = await n.text();
    expect(text).toContain("hydra_process_start_time_seconds 1700000000");
    expect(text).toContain('hydra_build_info{node="run",version="0.1.0"} 1');
    expect(text).toContain('hydra_alerts{severity="critical",state="pending"} 2');
    expect(text).toContain('hydra_alerts{severity="info",state="sent"} 0');
  });

  it("the process's resident memory, open file descriptors and event-loop lag, read at the scrape", async () => {
    const n = new NodeMetrics({ node: "run", version: "0.1.0", startedAtMs: 0 });
    // a busy loop of 60 ms: the longest delay seen is at least that long
    await new Promise((r) => setTimeout(r, 20));
    const until = performance.now() + 60;
    while (performance.now() < until);
    await new Promise((r) => setTimeout(r, 20));
    const text = await n.text();
    const value = (re: RegExp) => Number(re.exec(text)?.[1]);
    expect(value(/^hydra_process_resident_memory_bytes (\S+)$/m)).toBeGreaterThan(10_000_000);
    // stdin, stdout, stderr at least
    expect(value(/^hydra_process_open_fds (\S+)$/m)).toBeGreaterThanOrEqual(3);
    expect(value(/^hydra_event_loop_lag_max_seconds (\S+)$/m)).toBeGreaterThanOrEqual(0.05);
    expect(value(/^hydra_event_loop_lag_p99_seconds (\S+)$/m)).toBeGreaterThan(0);
  });

  it("both registries served together pass `promtool check metrics`", async (ctx) => {
    const bin = promtool();
    if (bin === undefined) {
      ctx.skip("promtool not installed (apt-get install prometheus): exposition not linted");
      return;
    }
    const node = new NodeMetrics({ node: "demo", version: "0.1.0", startedAtMs: 0 });
    const text = await exposition([filled(), node]);
    const r = spawnSync(bin, ["check", "metrics"], { input: text, encoding: "utf8" });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 0,
      stdout: "",
      stderr: "",
    });
  });
});
