import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { Prng } from "../core/prng.js";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import { requestIdOfComment } from "../execution/mt5/protocol/order-tag.js";
import { Mt5Venue } from "../execution/mt5/venue/mt5-venue.js";
import { marketOrder } from "../execution/test-support/market-order.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { Order } from "../model/order.js";
import { SimBridgeServer } from "./sim-bridge/sim-bridge-server.js";

/** schedules per run: a CI-sized share in make test; more with HYDRA_FAULT_SCHEDULES (make reliability) */
const SCHEDULES = Number(process.env.HYDRA_FAULT_SCHEDULES ?? 8);
const FIRST_SEED = Number(process.env.HYDRA_FAULT_SEED ?? 1);
const T0 = Date.UTC(2024, 0, 10, 12, 0, 0);

type Fault = "none" | "drop-reply" | "no-connection" | "malformed" | "duplicate" | "slow-reply" | "restart";
const FAULTS: readonly Fault[] = [
  "none",
  "drop-reply",
  "no-connection",
  "malformed",
  "duplicate",
  "slow-reply",
  "restart",
];

/**
 * Deterministic fault schedules of the bridge (issue 16, item 3, the reply path): each seed draws a
 * schedule of orders (opens, closes, closes made on the terminal by hand) and a fault before each (a
 * reply dropped, a 10031 after executing, a malformed reply frame, the request delivered twice, a slow
 * reply, the bridge restarting), runs it against the simulated bridge on real ZeroMQ sockets, and then
 * checks the invariants: never a duplicate order at the broker, no order left of unknown outcome, and the
 * venue's positions the broker's after reconciliation. A failing seed is named; the same seed draws the
 * same schedule (`HYDRA_FAULT_SEED=N HYDRA_FAULT_SCHEDULES=1` replays it).
 */
describe(`bridge fault schedules: seeds ${FIRST_SEED}…${FIRST_SEED + SCHEDULES - 1}`, () => {
  const stops: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
  });

  it("never a duplicate order; every order's outcome known; the venue's positions are the broker's", async () => {
    let faults = 0;
    let orders = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SCHEDULES; seed++) {
      const rng = new Prng(seed);
      const clock = new TestClock(T0);
      const server = new SimBridgeServer();
      await server.start({
        rep: "tcp://127.0.0.1:*",
        pub: "tcp://127.0.0.1:*",
        symbols: ["XAUUSD"],
        source: { kind: "manual" },
        clock,
        heartbeatMs: 200,
        cash: 1_000_000,
      });
      const client = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 150, retries: 3 });
      const terminal = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 1000, retries: 3 });
      stops.push(
        () => client.close(),
        () => terminal.close(),
        () => server.stop(),
      );
      const venue = new Mt5Venue({
        client,
        instruments: new InstrumentTable([resolveInstrument("XAUUSD")]),
        clock,
      });
      venue.setListener({ onFill: () => {}, onOrderUpdate: () => {} });
      server.pushTick("XAUUSD", 2000, 2000.3, T0);
      const schedule: string[] = [];
      const steps = 3 + Math.floor(rng.next() * 5);
      for (let i = 0; i < steps; i++) {
        const drawn = FAULTS[Math.floor(rng.next() * FAULTS.length)]!;
        const roll = rng.next();
        const open = venue.positions();
        const action = roll < 0.6 || open.length === 0 ? "open" : roll < 0.85 ? "close" : "terminal-close";
        // a fault is for the venue's own request (the terminal's call would take it otherwise)
        const fault = action === "terminal-close" ? "none" : drawn;
        schedule.push(`${fault}/${action}`);
        if (fault !== "none") faults++;
        if (fault === "drop-reply") server.faults.dropReplies(1);
        else if (fault === "no-connection") server.faults.forceRetcode(10031, 1);
        else if (fault === "malformed") server.faults.malformReplies(1);
        else if (fault === "duplicate") server.faults.duplicateRequests(1);
        else if (fault === "slow-reply") server.faults.delayReplies(100, 1);
        else if (fault === "restart") await server.restart(50);
        if (action === "terminal-close") {
          const p = open[Math.floor(rng.next() * open.length)]!;
          // (the broker may have closed it already: the venue's own close whose reply was lost)
          await terminal.call("CLOSE", { ticket: Number(p.id.slice(1)) }).catch(() => {});
        } else {
          const id = `S${seed}.O${i}`;
          const p = action === "close" ? open[Math.floor(rng.next() * open.length)]! : undefined;
          const o: Order = marketOrder(id, clock.now(), {
            side: p === undefined ? (rng.next() < 0.5 ? "buy" : "sell") : p.side === "buy" ? "sell" : "buy",
            volume: p?.volume ?? Math.round((0.1 + rng.next() * 0.4) * 100) / 100,
            sl: Number.NaN,
            ...(p === undefined ? {} : { closesPositionId: p.id }),
          });
          orders++;
          venue.submit(o);
        }
        await venue.settle(300);
        // past the grace an order without a trace waits before it counts as not executed
        clock.advance(3000);
        server.pushTick("XAUUSD", 2000 + i, 2000.3 + i);
      }
      // the venue's safety net, twice (a pass may see what the first one resolved)
      await venue.settle(1000);
      clock.advance(5000);
      await venue.reconcile();
      await venue.reconcile();
      const where = `seed ${seed}: ${schedule.join(", ")}`;
      const { deals } = await terminal.call("HISTORY", { since: 0 });
      const stamped = deals
        .filter((d) => d.entry === "IN")
        .map((d) => requestIdOfComment(d.comment))
        .filter((id): id is string => id !== undefined);
      expect(new Set(stamped).size, where).toBe(stamped.length);
      expect(venue.inFlight.size, where).toBe(0);
      const { positions } = await terminal.call("POSITIONS", {});
      expect(
        venue
          .positions()
          .map((p) => p.id)
          .sort(),
        where,
      ).toEqual(positions.map((p) => `T${p.ticket}`).sort());
      for (const s of stops.splice(0)) await s();
    }
    console.log(
      `bridge fault schedules: ${SCHEDULES} run, ${orders} orders, ${faults} faults injected, 0 duplicate orders`,
    );
    expect(orders).toBeGreaterThan(SCHEDULES);
  }, 600_000);
});
