import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import { Mt5Venue } from "../execution/mt5/venue/mt5-venue.js";
import { marketOrder } from "../execution/test-support/market-order.js";
import { venueContract } from "../execution/test-support/venue-contract.js";
import { resolveInstrument } from "../model/default-instruments.js";
import type { Fill } from "../model/fill.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { Order } from "../model/order.js";
import { SimBridgeServer } from "./sim-bridge/sim-bridge-server.js";

const WED = Date.UTC(2024, 0, 10, 12, 0, 0);
const ANY = "tcp://127.0.0.1:*";

async function live(timeoutMs = 300) {
  const clock = new TestClock(WED);
  const server = new SimBridgeServer();
  await server.start({
    rep: ANY,
    pub: ANY,
    symbols: ["XAUUSD"],
    source: { kind: "manual" },
    clock,
    heartbeatMs: 200,
    cash: 100_000,
  });
  const client = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs, retries: 3 });
  const venue = new Mt5Venue({
    client,
    instruments: new InstrumentTable([resolveInstrument("XAUUSD")]),
    clock,
  });
  return { clock, server, client, venue };
}

venueContract("MT5 through the simulated bridge (real ZeroMQ sockets)", async () => {
  const { clock, server, client, venue } = await live(2000);
  return {
    venue,
    quote: async (t, bid, ask) => {
      if (t > clock.now()) clock.set(t);
      server.pushTick("XAUUSD", bid, ask, t);
      venue.onTick();
    },
    settle: async () => {
      await venue.settle();
    },
    close: async () => {
      client.close();
      await server.stop();
    },
  };
});

const marketBuy = (id: string, volume = 0.1): Order => marketOrder(id, WED, { volume });

describe("MT5 venue under bridge faults: no duplicate order, a consistent ledger", () => {
  let stop: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const s of stop) await s();
    stop = [];
  });

  async function setup() {
    const env = await live();
    stop.push(
      () => env.client.close(),
      () => env.server.stop(),
    );
    const fills: Fill[] = [];
    env.venue.setListener({ onFill: (f) => fills.push({ ...f }), onOrderUpdate: () => {} });
    env.server.pushTick("XAUUSD", 2000, 2000.3, WED);
    /** the broker's own count of positions, the truth a duplicate would show in */
    const brokerPositions = async () => (await env.client.call("POSITIONS", {})).positions;
    return { ...env, fills, brokerPositions };
  }

  it.each([
    [
      "the reply to an executed TRADE is dropped (a timeout)",
      (s: SimBridgeServer) => s.faults.dropReplies(1),
    ],
    [
      "the TRADE executes and then answers 10031, no connection",
      (s: SimBridgeServer) => s.faults.forceRetcode(10031, 1),
    ],
    ["the reply is a malformed frame", (s: SimBridgeServer) => s.faults.malformReplies(1)],
    [
      "the bridge receives the request twice (a duplicated delivery)",
      (s: SimBridgeServer) => s.faults.duplicateRequests(1),
    ],
  ])("%s: the order stays in flight, reconciliation finds the one position", async (_name, inject) => {
    const { server, venue, fills, brokerPositions, clock } = await setup();
    inject(server);
    const o = marketBuy("O1");
    venue.submit(o);
    await new Promise((r) => setTimeout(r, 500));
    const positionsAtBroker = await brokerPositions();
    expect(positionsAtBroker).toHaveLength(1);
    if (o.state !== "filled") {
      expect(o.state).toBe("submitted");
      expect(venue.inFlight.size).toBe(1);
      clock.advance(5000);
      const report = await venue.reconcile();
      expect(report.resolvedFilled).toEqual(["O1"]);
    }
    expect(o.state).toBe("filled");
    expect(fills).toHaveLength(1);
    expect(venue.positions().map((p) => p.id)).toEqual([`T${positionsAtBroker[0]!.ticket}`]);
    expect(await brokerPositions()).toHaveLength(1);
  });

  it("a definite rejection (10019 no money) rejects at once; nothing to reconcile", async () => {
    const { server, venue, fills } = await setup();
    server.faults.forceRetcode(10019, 1);
    const o = marketBuy("O2");
    venue.submit(o);
    await venue.settle(2000);
    expect(o).toMatchObject({ state: "rejected", reason: "retcode 10019" });
    expect(fills).toHaveLength(0);
  });

  it("a bridge restart: the client reconnects and the broker's positions survive", async () => {
    const { server, venue, fills, brokerPositions } = await setup();
    venue.submit(marketBuy("O3"));
    await venue.settle(2000);
    await server.restart(100);
    expect(await brokerPositions()).toHaveLength(1);
    venue.submit(marketBuy("O4"));
    await venue.settle(3000);
    expect(fills).toHaveLength(2);
    expect(await brokerPositions()).toHaveLength(2);
  });

  it("reconciliation adopts a position opened elsewhere and closes one that vanished at the broker", async () => {
    const { client, venue, fills, server, clock } = await setup();
    venue.submit(marketBuy("O5"));
    await venue.settle(2000);
    // by hand on the terminal: another position; and ours is stopped out at the broker
    await client.call("TRADE", {
      symbol: "XAUUSD",
      direction: "SELL",
      volume: 0.2,
      sl: 2010,
      comment: "manual",
    });
    clock.advance(1000);
    server.pushTick("XAUUSD", 1989, 1989.3);
    const report = await venue.reconcile();
    expect(report.adopted).toHaveLength(1);
    expect(report.closedAtVenue).toHaveLength(1);
    expect(fills.map((f) => [f.side, f.opening, f.reason])).toEqual([
      ["buy", true, "market"],
      ["sell", true, "market"],
      ["sell", false, "sl"],
    ]);
    // a stamped comment gives the position back to its tag (a bot after a restart); a bare one is "external"
    expect(venue.positions().map((p) => p.source)).toEqual(["manual"]);
  });
});
