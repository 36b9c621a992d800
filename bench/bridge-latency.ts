/**
 * Tick → order latency through the simulated bridge on loopback: a tick published by the bridge is
 * received by the tick subscriber, goes through the kernel (strategy, risk gate, order manager) to the
 * MT5 venue, which sends a TRADE or CLOSE; the latency ends when the bridge's reply is in. The engine's
 * own share is the time from receiving the tick to handing the order to the bridge client. The raw
 * ZeroMQ round trip (PING) is measured in the same run. Bridge and client share one process (and one
 * event loop) here, so the figures include the simulated bridge's own work.
 */
import { performance } from "node:perf_hooks";
import { LiveClock } from "../src/core/clock.js";
import { DayBoundary } from "../src/core/time.js";
import { BridgeClient } from "../src/execution/mt5/client/bridge-client.js";
import { TickSubscriber } from "../src/execution/mt5/client/tick-subscriber.js";
import { Mt5Venue } from "../src/execution/mt5/venue/mt5-venue.js";
import { TradingKernel } from "../src/kernel/trading-kernel.js";
import { resolveInstrument } from "../src/model/default-instruments.js";
import { InstrumentTable } from "../src/model/instrument-table.js";
import type { Order } from "../src/model/order.js";
import { Ledger } from "../src/portfolio/ledger.js";
import { PassThroughRisk } from "../src/risk/risk-gate.js";
import { SimBridgeServer } from "../src/runtime/sim-bridge/sim-bridge-server.js";
import type { Strategy } from "../src/strategies/strategy.js";

const ORDERS = 1000;
const PINGS = 1000;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;

export async function bridgeLatency(): Promise<void> {
  const clock = new LiveClock();
  const server = new SimBridgeServer();
  await server.start({
    rep: "tcp://127.0.0.1:*",
    pub: "tcp://127.0.0.1:*",
    symbols: ["BTC-USD"],
    source: { kind: "manual" },
    heartbeatMs: 1000,
    cash: 10_000_000,
  });
  const client = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 2000 });
  const instruments = new InstrumentTable([resolveInstrument("BTC-USD")]);
  const ledger = new Ledger(instruments, 10_000_000, new DayBoundary("Europe/Prague"));

  let tickAt = 0;
  const engine: number[] = [];
  const total: number[] = [];
  class TimedVenue extends Mt5Venue {
    override submit(order: Order): void {
      engine.push(performance.now() - tickAt);
      super.submit(order);
    }
  }
  const venue = new TimedVenue({ client, instruments, clock });
  let waiting = false;
  const strategy: Strategy = {
    name: "latency",
    subscriptions: [{ symbol: "BTC-USD", timeframe: "tick" }],
    onTick: (_s, _t, ctx) => {
      if (waiting) return;
      waiting = true;
      if (ctx.positions("BTC-USD").length > 0) ctx.submit({ kind: "close", symbol: "BTC-USD" });
      else ctx.submit({ kind: "open", symbol: "BTC-USD", side: "buy", orderType: "market", volume: 0.01 });
    },
    onFill: () => {
      total.push(performance.now() - tickAt);
      waiting = false;
    },
  };
  const kernel = new TradingKernel({
    instruments,
    clock,
    venue,
    ledger,
    risk: new PassThroughRisk(),
    strategies: [strategy],
    barDay: new DayBoundary("UTC"),
  });
  kernel.start();
  const sub = new TickSubscriber({
    endpoint: server.endpoints.pub,
    symbols: ["BTC-USD"],
    clock,
    onTick: (t) => {
      tickAt = performance.now();
      kernel.onTick(0, t.time, t.bid, t.ask);
    },
  });
  sub.start();
  await new Promise((r) => setTimeout(r, 300)); // slow joiner

  // raw ZeroMQ round trips first, on the same sockets' path
  const pings: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const t0 = performance.now();
    await client.call("PING", {});
    pings.push(performance.now() - t0);
  }
  let price = 60_000;
  for (let i = 0; total.length < ORDERS && i < ORDERS * 5; i++) {
    price += (i % 2 === 0 ? 1 : -1) * 0.5;
    const before = total.length;
    server.pushTick("BTC-USD", price, price + 1);
    const end = performance.now() + 500;
    while (total.length === before && performance.now() < end) await new Promise((r) => setImmediate(r));
  }
  sub.stop();
  client.close();
  await server.stop();

  console.log(
    `bridge    simulated bridge on loopback, ${total.length} tick → order round trips (TRADE/CLOSE), ${PINGS} PINGs`,
  );
  console.log(
    `          raw ZeroMQ round trip (PING):      p50 ${us(pct(pings, 50))}, p99 ${us(pct(pings, 99))}`,
  );
  console.log(
    `          tick → order acknowledged:         p50 ${us(pct(total, 50))}, p99 ${us(pct(total, 99))}   (goal: p99 ≤ 1 ms)`,
  );
  console.log(
    `          engine's share (tick → order sent): p50 ${us(pct(engine, 50))}, p99 ${us(pct(engine, 99))}   (goal: ≤ 50 µs)`,
  );
}
