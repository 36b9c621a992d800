import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FtmoMetrics, SPEC_METRIC_NAMES } from "./ftmo-metrics.js";
import { type MetricsServer, startMetricsServer } from "./metrics-server.js";

const OPERATOR_METRIC_NAMES = [
  "ftmo_account_equity_dollars",
  "ftmo_open_positions",
  "ftmo_risk_denials_total",
  "ftmo_bridge_latency_seconds",
  "ftmo_orders_in_flight",
  "ftmo_challenge_status",
  "ftmo_trading_state",
  "ftmo_loss_floor_dollars",
  "ftmo_loss_room_ratio",
  "ftmo_tick_age_seconds",
  "ftmo_session_open",
];

function promtoolPath(): string | undefined {
  try {
    return execFileSync("which", ["promtool"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

describe("FTMO metrics exporter", () => {
  const metrics = new FtmoMetrics();
  let server: MetricsServer;
  let base: string;

  beforeAll(async () => {
    server = await startMetricsServer({ sources: [metrics], port: 0 });
    base = `http://127.0.0.1:${server.port}`;
    metrics.setConnection("mt5", true);
    metrics.setTickRate("XAUUSD", 4.5);
    metrics.setTickRate("EURUSD", 2);
    metrics.signal("GoldLondon", "buy");
    metrics.signal("GoldLondon", "buy");
    metrics.signal("HFScalper", "sell");
    metrics.tradeClosed("GoldLondon", 120.5);
    metrics.tradeClosed("GoldLondon", -40);
    metrics.tradeClosed("HFScalper", -3.25);
    metrics.setAccount({ balance: 15_077.25, equity: 15_050, openPositions: 2 });
    metrics.setDailyDrawdownPercent(1.25);
    metrics.setKillSwitch(false);
    metrics.riskDenied("MAX_POSITIONS");
    metrics.observeBridgeLatency(0.012);
    metrics.observeBridgeLatency(0.3);
    metrics.setOrdersInFlight(1);
    metrics.setChallengeStatus("ftmo-15k", "active");
    metrics.setTradingState("account", "REDUCING");
    metrics.setLossRoom("daily", 95_000, 0.75);
    metrics.setLossRoom("max_loss", 90_000, 0.9);
    metrics.setSymbolFeed("XAUUSD", 1.5, true);
  });
  afterAll(() => server.close());

  it("serves every SPEC metric and the operator metrics on /metrics", async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [...SPEC_METRIC_NAMES, ...OPERATOR_METRIC_NAMES]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('ftmo_connection_status{component="mt5"} 1');
    expect(text).toContain('ftmo_connection_status{component="event_bus"} 0');
    expect(text).toContain('ftmo_tick_rate{symbol="XAUUSD"} 4.5');
    expect(text).toContain('ftmo_bot_signals_total{bot="GoldLondon",direction="buy"} 2');
    expect(text).toContain('ftmo_bot_trades_total{bot="GoldLondon",outcome="win"} 1');
    expect(text).toContain('ftmo_bot_trades_total{bot="GoldLondon",outcome="loss"} 1');
    expect(text).toContain('ftmo_bot_pnl_dollars{bot="GoldLondon"} 80.5');
    expect(text).toContain("ftmo_account_balance_dollars 15077.25");
    expect(text).toContain("ftmo_daily_drawdown_percent 1.25");
    expect(text).toContain("ftmo_kill_switch_active 0");
    expect(text).toContain('ftmo_risk_denials_total{code="MAX_POSITIONS"} 1');
    expect(text).toContain("ftmo_bridge_latency_seconds_count 2");
    expect(text).toContain('ftmo_challenge_status{program="ftmo-15k"} 0');
    expect(text).toContain('ftmo_trading_state{scope="account"} 1');
    expect(text).toContain('ftmo_loss_floor_dollars{floor="daily"} 95000');
    expect(text).toContain('ftmo_loss_room_ratio{floor="max_loss"} 0.9');
    expect(text).toContain('ftmo_tick_age_seconds{symbol="XAUUSD"} 1.5');
    expect(text).toContain('ftmo_session_open{symbol="XAUUSD"} 1');
    // its own registry: no default process metrics
    expect(text).not.toMatch(/^process_|^nodejs_/m);
  });

  it("maps challenge and trading states to their values", async () => {
    const m = new FtmoMetrics();
    m.setChallengeStatus("a", "passed");
    m.setChallengeStatus("b", "failed");
    m.setTradingState("gold", "HALTED");
    m.setKillSwitch(true);
    const text = await m.text();
    expect(text).toContain('ftmo_challenge_status{program="a"} 1');
    expect(text).toContain('ftmo_challenge_status{program="b"} -1');
    expect(text).toContain('ftmo_trading_state{scope="gold"} 2');
    expect(text).toContain("ftmo_kill_switch_active 1");
  });

  it("answers 404 off /metrics", async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metricsx`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(404);
  });

  it("passes `promtool check metrics`", async (ctx) => {
    const promtool = promtoolPath();
    if (promtool === undefined) {
      ctx.skip("promtool not installed (apt-get install prometheus): exposition not linted");
      return;
    }
    const text = await (await fetch(`${base}/metrics`)).text();
    const r = spawnSync(promtool, ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(r.error).toBeUndefined();
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("rejects a port in use", async () => {
    await expect(startMetricsServer({ sources: [metrics], port: server.port })).rejects.toThrow(
      /metrics server/,
    );
  });
});
