import { afterEach, describe, expect, it } from "vitest";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import type { Strategy } from "../strategies/strategy.js";
import { runOnBridge } from "./bridge-runner.js";
import type { ExecutionMode } from "./execution-mode.js";
import { SimBridgeServer } from "./sim-bridge/sim-bridge-server.js";

let servers: SimBridgeServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.stop();
  servers = [];
});

/** Buys on a tick when flat, closes 15 ticks later: a few round trips a second on a busy feed. */
function flipper(symbol: string): Strategy {
  let n = 0;
  return {
    name: `flip:${symbol}`,
    subscriptions: [{ symbol, timeframe: "tick" }],
    onTick: (_s, tick, ctx) => {
      n++;
      if (ctx.openOrders(symbol).length > 0) return;
      const open = ctx.positions(symbol).length > 0;
      if (!open && n % 15 === 0)
        ctx.submit({
          kind: "open",
          symbol,
          side: "buy",
          orderType: "market",
          volume: 0.01,
          sl: tick.bid - 500,
        });
      else if (open && n % 15 === 0) ctx.submit({ kind: "close", symbol });
    },
  };
}

async function run(mode: ExecutionMode) {
  const server = new SimBridgeServer();
  servers.push(server);
  await server.start({
    rep: "tcp://127.0.0.1:*",
    pub: "tcp://127.0.0.1:*",
    symbols: ["BTC-USD"],
    source: { kind: "synthetic", seed: 5 },
    speed: 20,
    heartbeatMs: 200,
    cash: 100_000,
  });
  const lines: string[] = [];
  const summary = await runOnBridge({
    mode,
    bridge: server.endpoints.rep,
    ticks: server.endpoints.pub,
    symbols: ["BTC-USD"],
    strategy: (s) => flipper(s),
    timeframe: "M1",
    cash: 100_000,
    durationMs: 2500,
    log: (l) => lines.push(l),
  });
  const client = new BridgeClient({ endpoint: server.endpoints.rep });
  const { deals } = await client.call("HISTORY", { since: 0 });
  const { positions } = await client.call("POSITIONS", {});
  client.close();
  return { summary, deals, positions, lines };
}

describe("one code path in three execution modes, on the bridge's live ticks", () => {
  it("paper: fills on the simulated venue, nothing reaches the broker", async () => {
    const { summary, deals } = await run("paper");
    expect(summary.ticks).toBeGreaterThan(50);
    expect(summary.fills).toBeGreaterThan(0);
    expect(deals).toHaveLength(0);
  });

  it("shadow: records what it would have sent and sends nothing", async () => {
    const { summary, deals } = await run("shadow");
    expect(summary.wouldHaveSent).toBeGreaterThan(0);
    expect(deals).toHaveLength(0);
  });

  it("live: every fill is a deal at the broker, and the books agree with it", async () => {
    const { summary, deals, positions, lines } = await run("live");
    expect(summary.fills, lines.join("\n")).toBeGreaterThan(0);
    expect(deals).toHaveLength(summary.fills);
    expect(positions).toHaveLength(summary.openPositions);
  });
});

describe("a dead price feed", () => {
  it("ends the run as a failure, saying why, once it has been dead for the feed timeout", async () => {
    const server = new SimBridgeServer();
    servers.push(server);
    await server.start({
      rep: "tcp://127.0.0.1:*",
      pub: "tcp://127.0.0.1:*",
      symbols: ["BTC-USD"],
      source: { kind: "synthetic", seed: 5 },
      speed: 20,
      heartbeatMs: 100,
      cash: 100_000,
    });
    const lines: string[] = [];
    const started = Date.now();
    // the publisher goes silent (no ticks, no heartbeats) a second in; no duration: only the dead feed ends it
    setTimeout(() => server.faults.silence(), 1000);
    const summary = await runOnBridge({
      mode: "live",
      bridge: server.endpoints.rep,
      ticks: server.endpoints.pub,
      symbols: ["BTC-USD"],
      strategy: (s) => flipper(s),
      timeframe: "M1",
      cash: 100_000,
      feedTimeoutMs: 1000,
      log: (l) => lines.push(l),
    });
    expect(summary.ticks).toBeGreaterThan(0);
    expect(summary.feedAlive).toBe(false);
    expect(summary.failure).toMatch(
      /the price feed at tcp:\/\/127\.0\.0\.1:\d+ died \(no heartbeat for \d+ ms\)/,
    );
    expect(lines.join("\n")).toMatch(/\(wall\) stopping: the price feed/);
    // 1 s of feed, 3 s until the subscriber calls it dead, 1 s of timeout: not the whole test timeout
    expect(Date.now() - started).toBeLessThan(12_000);
  }, 20_000);

  it("stops cleanly, with no failure, when stopped while the feed is alive", async () => {
    const { summary } = await run("paper");
    expect(summary.failure).toBeNull();
    expect(summary.feedAlive).toBe(true);
  });
});

describe("a price feed that never comes up", () => {
  it("fails the run once the feed timeout has passed from the start", async () => {
    const nowhere = `tcp://127.0.0.1:${await freePortForTest()}`;
    const started = Date.now();
    const summary = await runOnBridge({
      mode: "paper",
      bridge: nowhere,
      ticks: nowhere,
      symbols: ["BTC-USD"],
      strategy: (s) => flipper(s),
      timeframe: "M1",
      cash: 100_000,
      feedTimeoutMs: 600,
      log: () => {},
    });
    expect(summary).toMatchObject({ ticks: 0, feedAlive: false });
    expect(summary.failure).toMatch(
      /died \(no heartbeat or tick yet\) and was not back within 600 ms of wall time/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

async function freePortForTest(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
