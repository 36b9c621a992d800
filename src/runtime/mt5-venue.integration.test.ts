import { afterEach, describe, expect, it } from "vitest";
import { LiveClock, TestClock } from "../core/clock.js";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import { TickSubscriber } from "../execution/mt5/client/tick-subscriber.js";
import type { DealData } from "../execution/mt5/protocol/messages.js";
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

/** The simulated bridge on its market clock (from WED) and a venue on it; `wall`: the venue's own wall clock. */
async function live(timeoutMs = 300, wall?: TestClock) {
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
    ...(wall === undefined ? { clock } : { clock: wall, marketClock: clock }),
  });
  return { clock, server, client, venue };
}

/**
 * The MT5 venue as a node wires it: orders through the trade service, the broker's deals (its stops,
 * targets, stop-outs, closes made elsewhere) from the event stream at once; a second client plays the
 * terminal's user who closes a position by hand.
 */
venueContract("MT5 through the simulated bridge (real ZeroMQ sockets)", async () => {
  const { clock, server, client, venue } = await live(2000);
  // The Windows bridge publishes a deal when it next reads the terminal's deal history, after the trade
  // server's reply; the simulated bridge publishes it before replying. Deals reach the venue once every
  // order it sent has its reply, in the Windows bridge's order, whichever socket delivers first; the
  // venue books entries and closes from them (followDeals), as a node does.
  venue.followDeals();
  const deals: DealData[] = [];
  const replied = () => [...venue.inFlight.values()].every((f) => f.replied !== undefined);
  const relay = setInterval(() => {
    if (replied()) for (let d = deals.shift(); d; d = deals.shift()) venue.onBrokerDeal(d);
  }, 2);
  const sub = new TickSubscriber({
    endpoint: server.endpoints.pub,
    symbols: ["XAUUSD"],
    clock: new LiveClock(),
    onTick: () => {},
    onDeal: (e) => deals.push(e.deal),
  });
  sub.start();
  const terminal = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 2000 });
  const close = async () => {
    clearInterval(relay);
    sub.stop();
    terminal.close();
    client.close();
    await server.stop();
  };
  // subscribed once the heartbeat comes through (a PUB drops what it sends before)
  const end = performance.now() + 3000;
  while (!sub.feed.alive && performance.now() < end) await new Promise((r) => setTimeout(r, 10));
  if (!sub.feed.alive) {
    await close();
    throw new Error("the simulated bridge's event stream never came up");
  }
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
    externalClose: async (positionId) => {
      await terminal.call("CLOSE", { ticket: Number(positionId.slice(1)) });
    },
    close,
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

describe("MT5 venue: the history window when the market's clock is far behind the wall's (a replay at 600×)", () => {
  it("books an entry whose deal event was lost, and its close at the broker, from the history, long after", async () => {
    // the market (the broker's clock) in 2024, the wall in 2026: the venue started at the wall's time
    const wall = new TestClock(Date.UTC(2026, 11, 6, 9, 0, 0));
    const { clock: market, server, client, venue } = await live(2000, wall);
    try {
      venue.followDeals(); // entries wait for their deal event, which never comes here (lost)
      const fills: Fill[] = [];
      venue.setListener({ onFill: (f) => fills.push({ ...f }), onOrderUpdate: () => {} });
      server.pushTick("XAUUSD", 2000, 2000.3, WED);
      const o = marketOrder("O1", WED, { volume: 0.1, sl: 1995 });
      venue.submit(o);
      for (let i = 0; i < 100 && [...venue.inFlight.values()].some((f) => f.replied === undefined); i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(fills).toHaveLength(0); // replied, waiting for its deal
      // ten market minutes later (a second of wall time at 600×) the broker stops it out
      market.advance(600_000);
      wall.advance(1000);
      server.pushTick("XAUUSD", 1990, 1990.3);
      expect((await client.call("POSITIONS", {})).positions).toHaveLength(0);
      const report = await venue.reconcile();
      expect(report.resolvedFilled).toEqual(["O1"]);
      expect(report.closedAtVenue).toHaveLength(1);
      expect(fills.map((f) => [f.side, f.opening, f.reason])).toEqual([
        ["buy", true, "market"],
        ["sell", false, "sl"],
      ]);
      expect(venue.positions()).toHaveLength(0);
    } finally {
      client.close();
      await server.stop();
    }
  });
});
