/**
 * Deal event → ledger latency on loopback: the simulated broker hits a position's stop on a tick and
 * publishes the DEAL; the latency ends when the MT5 venue has booked the close (its fill reached the
 * listener, i.e. the ledger). Measured beside the raw PING round trip of the same run. Bridge and client
 * share one process (and one event loop), so the figures include the simulated bridge's own work.
 */
import { LiveClock } from "../src/core/clock.js";
import { BridgeClient } from "../src/execution/mt5/client/bridge-client.js";
import { TickSubscriber } from "../src/execution/mt5/client/tick-subscriber.js";
import { Mt5Venue } from "../src/execution/mt5/venue/mt5-venue.js";
import { resolveInstrument } from "../src/model/default-instruments.js";
import { InstrumentTable } from "../src/model/instrument-table.js";
import type { Order } from "../src/model/order.js";
import { SimBridgeServer } from "../src/runtime/sim-bridge/sim-bridge-server.js";

const ROUNDS = 300;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;

function buy(id: string, sl: number, now: number): Order {
  return {
    id,
    source: "bench",
    symbol: "BTC-USD",
    side: "buy",
    type: "market",
    volume: 0.01,
    price: Number.NaN,
    sl,
    tp: Number.NaN,
    closesPositionId: undefined,
    expiresAt: Number.POSITIVE_INFINITY,
    tag: "bench",
    createdAt: now,
    state: "initialized",
    updatedAt: now,
    fillPrice: Number.NaN,
    reason: "",
  };
}

export async function dealEventLatency(): Promise<void> {
  const clock = new LiveClock();
  const server = new SimBridgeServer();
  await server.start({
    rep: "tcp://127.0.0.1:*",
    pub: "tcp://127.0.0.1:*",
    symbols: ["BTC-USD"],
    source: { kind: "manual" },
    cash: 10_000_000,
  });
  const client = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 2000 });
  const venue = new Mt5Venue({
    client,
    instruments: new InstrumentTable([resolveInstrument("BTC-USD")]),
    clock,
  });
  let opened = 0;
  let closed = 0;
  venue.setListener({
    onFill: (f) => {
      if (f.opening) opened++;
      else closed++;
    },
    onOrderUpdate: () => {},
  });
  const sub = new TickSubscriber({
    endpoint: server.endpoints.pub,
    symbols: ["BTC-USD"],
    clock,
    onTick: () => {},
    onDeal: (e) => venue.onBrokerDeal(e.deal),
    onAccount: () => {},
  });
  sub.start();
  await new Promise((r) => setTimeout(r, 300)); // slow joiner
  const spin = async (done: () => boolean): Promise<boolean> => {
    const end = performance.now() + 1000;
    while (!done() && performance.now() < end) await new Promise((r) => setImmediate(r));
    return done();
  };
  const pings: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await client.call("PING", {});
    pings.push(performance.now() - t0);
  }
  const latency: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    server.pushTick("BTC-USD", 60_000, 60_001);
    const o = opened;
    venue.submit(buy(`B${i}`, 59_990, clock.now()));
    if (!(await spin(() => opened > o))) continue;
    const c = closed;
    const t0 = performance.now();
    server.pushTick("BTC-USD", 59_980, 59_981); // through the stop, at the broker
    if (await spin(() => closed > c)) latency.push(performance.now() - t0);
  }
  sub.stop();
  client.close();
  await server.stop();
  console.log(`deals     ${latency.length} stops hit at the simulated broker, booked from the DEAL event`);
  console.log(
    `          raw ZeroMQ round trip (PING):      p50 ${us(pct(pings, 50))}, p99 ${us(pct(pings, 99))}`,
  );
  console.log(
    `          deal event → ledger:               p50 ${us(pct(latency, 50))}, p99 ${us(pct(latency, 99))}   (×${(pct(latency, 50) / pct(pings, 50)).toFixed(1)} a PING at p50; before: the next reconciliation, up to 30 s)`,
  );
}
