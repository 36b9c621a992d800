/**
 * Tick → order acknowledged with the simulated bridge in its own process, as in production: `hydra
 * bridge sim` is spawned and streams its synthetic market; the client (tick subscriber, kernel, risk gate,
 * MT5 venue, bridge client) runs in this process. A round is one PING on the trade socket, then one order:
 * the next tick received arms the strategy, which opens or closes 0.01 lot; the round ends when the
 * bridge's TRADE/CLOSE reply is in (the fill reaches the strategy). PINGs and orders alternate, so both see
 * the same machine. Nothing here asserts a time.
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { LiveClock } from "../src/core/clock.js";
import { DayBoundary } from "../src/core/time.js";
import { BridgeClient } from "../src/execution/mt5/client/bridge-client.js";
import { TickSubscriber } from "../src/execution/mt5/client/tick-subscriber.js";
import { Mt5Venue } from "../src/execution/mt5/venue/mt5-venue.js";
import { TradingKernel } from "../src/kernel/trading-kernel.js";
import { resolveInstrument } from "../src/model/default-instruments.js";
import { InstrumentTable } from "../src/model/instrument-table.js";
import { Ledger } from "../src/portfolio/ledger.js";
import { PassThroughRisk } from "../src/risk/risk-gate.js";
import type { Strategy } from "../src/strategies/strategy.js";
import { percentile } from "./percentile.js";
import type { BenchRow } from "./summary.js";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/hydra.js");
const ROUNDS = Number(process.env.HYDRA_BENCH_BRIDGE_ROUNDS ?? 4000);
const SYMBOL = "XAUUSD";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `hydra bridge sim` on two free loopback ports; resolves once it says it is up. */
async function spawnSim(): Promise<{ rep: string; pub: string; proc: ChildProcess }> {
  const rep = `tcp://127.0.0.1:${await freePort()}`;
  const pub = `tcp://127.0.0.1:${await freePort()}`;
  const args = ["bridge", "sim", "--rep", rep, "--pub", pub, "--symbols", SYMBOL, "--cash", "10000000"];
  // a Tuesday morning of the synthetic market at 600× real time, released every 1 ms (~1 tick each): a
  // stream of single ticks rather than the default 20 ms bursts, so 4,000 rounds take ~10 s
  args.push("--start", "2024-01-02T08:00:00Z", "--speed", "600", "--pump", "1ms", "--status-every", "1h");
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hydra bridge sim did not start: ${out}`)), 20_000);
    const feed = (s: Buffer): void => {
      out += s.toString("utf8");
      if (/simulated MT5 bridge/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on("data", feed);
    proc.stderr!.on("data", feed);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`hydra bridge sim exited with ${code}: ${out}`));
    });
  });
  return { rep, pub, proc };
}

const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;

export async function bridgeProcessLatency(): Promise<BenchRow[]> {
  const sim = await spawnSim();
  const exited = new Promise<void>((resolve) => sim.proc.once("exit", () => resolve()));
  const clock = new LiveClock();
  const client = new BridgeClient({ endpoint: sim.rep, timeoutMs: 2000 });
  const instruments = new InstrumentTable([resolveInstrument(SYMBOL)]);
  const ledger = new Ledger(instruments, 10_000_000, new DayBoundary("Europe/Prague"));
  const venue = new Mt5Venue({ client, instruments, clock });
  let tickAt = 0;
  let armed = false;
  let done: (() => void) | undefined;
  const orders: number[] = [];
  const pings: number[] = [];
  const strategy: Strategy = {
    name: "latency",
    subscriptions: [{ symbol: SYMBOL, timeframe: "tick" }],
    onTick: (_s, _t, ctx) => {
      if (!armed) return;
      armed = false;
      if (ctx.positions(SYMBOL).length > 0) ctx.submit({ kind: "close", symbol: SYMBOL });
      else ctx.submit({ kind: "open", symbol: SYMBOL, side: "buy", orderType: "market", volume: 0.01 });
    },
    onFill: () => {
      orders.push(performance.now() - tickAt);
      done?.();
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
  let ticks = 0;
  const sub = new TickSubscriber({
    endpoint: sim.pub,
    symbols: [SYMBOL],
    clock,
    onTick: (t) => {
      ticks++;
      tickAt = performance.now();
      kernel.onTick(0, t.time, t.bid, t.ask);
    },
  });
  sub.start();
  const t0 = performance.now();
  try {
    while (ticks === 0) {
      if (performance.now() - t0 > 10_000) throw new Error("no tick from hydra bridge sim in 10 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    for (let i = 0; i < ROUNDS; i++) {
      const p0 = performance.now();
      await client.call("PING", {});
      pings.push(performance.now() - p0);
      const filled = new Promise<void>((resolve) => {
        done = resolve;
      });
      armed = true;
      const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 5000).unref());
      if ((await Promise.race([filled, timeout])) === "timeout")
        throw new Error(`order ${i + 1}: no fill within 5 s`);
    }
  } finally {
    sub.stop();
    client.close();
    sim.proc.kill("SIGINT");
    await exited;
  }
  const wall = (performance.now() - t0) / 1000;
  const [o50, o99, o999] = [50, 99, 99.9].map((p) => percentile(orders, p)) as [number, number, number];
  const [p50, p99, p999] = [50, 99, 99.9].map((p) => percentile(pings, p)) as [number, number, number];
  console.log(
    `bridge    \`hydra bridge sim\` in its own process, client here: ${orders.length} tick → order rounds, each after a PING (${ticks} ticks received, ${wall.toFixed(1)} s)`,
  );
  console.log(`          raw ZeroMQ round trip (PING): p50 ${us(p50)}, p99 ${us(p99)}, p999 ${us(p999)}`);
  console.log(
    `          tick → order acknowledged:    p50 ${us(o50)}, p99 ${us(o99)}, p999 ${us(o999)}   (goal: p99 ≤ 1 ms, p999 ≤ 3 ms)`,
  );
  const ping = `PING p99 ${us(p99)}, p999 ${us(p999)}`;
  return [
    {
      what: "tick → order acknowledged, bridge in its own process: p99",
      figure: `${us(o99)} (p50 ${us(o50)}; ${ping})`,
      goal: "≤ 1 ms",
      met: o99 <= 1 ? "yes" : "no",
    },
    {
      what: "tick → order acknowledged, bridge in its own process: p999",
      figure: `${us(o999)} (${orders.length} rounds)`,
      goal: "≤ 3 ms",
      met: o999 <= 3 ? "yes" : "no",
    },
  ];
}
