import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import { TickSubscriber } from "../execution/mt5/client/tick-subscriber.js";
import type { AccountEvent, DealData } from "../execution/mt5/protocol/messages.js";
import { Mt5Venue } from "../execution/mt5/venue/mt5-venue.js";
import { marketOrder } from "../execution/test-support/market-order.js";
import { resolveInstrument } from "../model/default-instruments.js";
import type { Fill } from "../model/fill.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { Order } from "../model/order.js";
import { SimBridgeServer } from "./sim-bridge/sim-bridge-server.js";

const WED = Date.UTC(2024, 0, 10, 12, 0, 0);
const ANY = "tcp://127.0.0.1:*";
const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

const buyWithStop = (id: string, sl: number): Order => marketOrder(id, WED, { sl, volume: 1 });

describe("the broker's deal and account events (DEAL, ACCOUNT topics) on real sockets", () => {
  let stop: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const s of stop) await s();
    stop = [];
  });

  /** replyFirst: deals reach the venue once every order has its reply (the Windows bridge's order), and the
   * venue books from deals (followDeals), as a node wires it */
  async function setup(commissionPerLot = 3.5, swapLong = 0, replyFirst = false) {
    const clock = new TestClock(WED);
    const server = new SimBridgeServer();
    const spec = { ...resolveInstrument("XAUUSD"), commissionPerLot, swapLong };
    await server.start({
      rep: ANY,
      pub: ANY,
      symbols: ["XAUUSD"],
      specs: { XAUUSD: spec },
      source: { kind: "manual" },
      clock,
      heartbeatMs: 100,
      accountEveryMs: 100,
      cash: 100_000,
    });
    const client = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 2000 });
    const venue = new Mt5Venue({ client, instruments: new InstrumentTable([spec]), clock });
    const fills: Fill[] = [];
    const swaps: number[] = [];
    venue.setListener({
      onFill: (f) => fills.push({ ...f }),
      onOrderUpdate: () => {},
      onSwap: (_p, amount) => swaps.push(amount),
    });
    const held: DealData[] = [];
    if (replyFirst) venue.followDeals();
    const relay = setInterval(() => {
      if (replyFirst && ![...venue.inFlight.values()].every((f) => f.replied !== undefined)) return;
      for (let d = held.shift(); d; d = held.shift()) outcomes.push(venue.onBrokerDeal(d));
    }, 2);
    const accounts: AccountEvent[] = [];
    const gaps: Array<[number, number]> = [];
    const outcomes: string[] = [];
    const sub = new TickSubscriber({
      endpoint: server.endpoints.pub,
      symbols: ["XAUUSD"],
      clock: { now: () => Date.now() },
      onTick: () => {},
      onDeal: (e) => held.push(e.deal),
      onAccount: (e) => accounts.push(e),
      onGap: (expected, got) => gaps.push([expected, got]),
    });
    sub.start();
    stop.push(
      () => clearInterval(relay),
      () => sub.stop(),
      () => client.close(),
      () => server.stop(),
    );
    await until(() => accounts.length > 0); // subscribed: the account beat arrives
    server.pushTick("XAUUSD", 2000, 2000.3, WED);
    return { clock, server, client, venue, fills, swaps, accounts, gaps, outcomes };
  }

  it("a stop hit at the broker closes the position in the venue at once, with the broker's price and commission", async () => {
    const { clock, server, venue, fills, accounts, outcomes } = await setup();
    venue.submit(buyWithStop("O1", 1990));
    await until(() => venue.positions().length === 1);
    expect(fills[0]).toMatchObject({ opening: true, price: 2000.3 });
    clock.advance(60_000);
    server.pushTick("XAUUSD", 1989.5, 1989.8, clock.now()); // through the stop, at the broker
    await until(() => venue.positions().length === 0, 1000); // within a second, no reconciliation
    expect(outcomes).toContain("closed");
    expect(fills[1]).toMatchObject({ opening: false, reason: "sl", commission: 3.5 });
    // the account event after the deal carries the broker's new balance (a loss of about 1,000)
    const balance = server.broker.ledger.balance;
    expect(balance).toBeLessThan(99_000);
    await until(() => accounts.at(-1)!.balance === balance, 1000);
  });

  it("the reply before the deal (the Windows bridge's order): an entry and a partial close booked once each, from the deal, with its commission", async () => {
    const { venue, fills, outcomes } = await setup(3.5, 0, true);
    venue.submit(buyWithStop("O1", 1990));
    await until(() => venue.positions().length === 1);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ opening: true, price: 2000.3, volume: 1, commission: 3.5 });
    const id = venue.positions()[0]!.id;
    venue.submit(marketOrder("C1", WED, { side: "sell", volume: 0.4, closesPositionId: id }));
    await until(() => fills.length === 2);
    await new Promise((r) => setTimeout(r, 200)); // anything that would book it twice has had its chance
    expect(fills).toHaveLength(2);
    expect(fills[1]).toMatchObject({
      opening: false,
      reason: "close",
      price: 2000,
      volume: 0.4,
      commission: 1.4,
    });
    expect(venue.positions()[0]!.volume).toBe(0.6);
    expect(outcomes).toEqual(["opened", "closed"]);
  });

  it("a lost deal event is a sequence gap: the subscriber says so, so the node reconciles", async () => {
    const { clock, server, venue, gaps } = await setup();
    venue.submit(buyWithStop("O1", 1990));
    await until(() => venue.positions().length === 1);
    server.faults.dropDealEvents(1);
    clock.advance(60_000);
    server.pushTick("XAUUSD", 1989.5, 1989.8, clock.now());
    await until(() => gaps.length > 0);
    expect(venue.positions()).toHaveLength(1); // the close was lost on the way
    clock.advance(5000);
    await venue.reconcile(); // what the runner does on a gap
    expect(venue.positions()).toHaveLength(0);
  });

  it("the swap the broker booked on a position comes with its OUT deal, into the books before the close", async () => {
    const { clock, server, venue, fills, swaps } = await setup(0, -4);
    venue.submit(buyWithStop("O1", 1990));
    await until(() => venue.positions().length === 1);
    // over Wednesday's rollover (22:00 UTC in winter): the triple day, 3 nights × 1 lot × -4
    clock.set(Date.UTC(2024, 0, 10, 22, 30));
    server.pushTick("XAUUSD", 2000, 2000.3, clock.now());
    clock.advance(60_000);
    server.pushTick("XAUUSD", 1989.5, 1989.8, clock.now()); // the stop, at the broker
    await until(() => venue.positions().length === 0, 1000);
    expect(swaps).toEqual([-12]);
    expect(fills[1]).toMatchObject({ opening: false, reason: "sl" });
  });
});
