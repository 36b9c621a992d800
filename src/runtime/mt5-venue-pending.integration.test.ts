import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import { BridgeReplyError } from "../execution/mt5/client/bridge-errors.js";
import { TickSubscriber } from "../execution/mt5/client/tick-subscriber.js";
import { orderFields } from "../execution/mt5/venue/entry-requests.js";
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

/** A buy limit at 1995 (the market: 2000.0 / 2000.3), stop 1985, target 2020. */
const buyLimit = (id: string, extra: Partial<Order> = {}): Order =>
  marketOrder(id, WED, { type: "limit", price: 1995, sl: 1985, tp: 2020, ...extra });

describe("MT5 venue: pending orders through the simulated bridge (real ZeroMQ sockets)", () => {
  let stop: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const s of stop) await s();
    stop = [];
  });

  /** The venue books deals from the broker's DEAL events, as the live node does (BrokerSync). */
  async function setup(timeoutMs = 2000) {
    const clock = new TestClock(WED);
    const server = new SimBridgeServer();
    await server.start({
      rep: ANY,
      pub: ANY,
      symbols: ["XAUUSD"],
      source: { kind: "manual" },
      clock,
      heartbeatMs: 100,
      accountEveryMs: 100,
      cash: 100_000,
    });
    const client = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs });
    const venue = new Mt5Venue({
      client,
      instruments: new InstrumentTable([resolveInstrument("XAUUSD")]),
      clock,
    });
    const fills: Fill[] = [];
    const updates: string[] = [];
    venue.setListener({
      onFill: (f) => fills.push({ ...f }),
      onOrderUpdate: (o) => updates.push(`${o.id} ${o.state}`),
    });
    const outcomes: string[] = [];
    let beats = 0;
    const sub = new TickSubscriber({
      endpoint: server.endpoints.pub,
      symbols: ["XAUUSD"],
      clock: { now: () => Date.now() },
      onTick: () => {},
      onDeal: (e) => outcomes.push(venue.onBrokerDeal(e.deal)),
      onAccount: () => beats++,
    });
    sub.start();
    stop.push(
      () => sub.stop(),
      () => client.close(),
      () => server.stop(),
    );
    await until(() => beats > 0); // subscribed
    server.pushTick("XAUUSD", 2000, 2000.3, WED);
    const tick = (bid: number, ask: number, dtMs = 1000) => {
      clock.advance(dtMs);
      server.pushTick("XAUUSD", bid, ask, clock.now());
    };
    /** the broker's own books: what a duplicate would show in */
    const brokerOrders = async () => (await client.call("ORDERS", {})).orders;
    const brokerPositions = async () => (await client.call("POSITIONS", {})).positions;
    return { clock, server, client, venue, fills, updates, outcomes, tick, brokerOrders, brokerPositions };
  }

  it("a buy limit works at the broker under its ticket, fills when the ask reaches it, and the deal books the position", async () => {
    const { venue, fills, updates, outcomes, tick, brokerOrders, brokerPositions } = await setup();
    const o = buyLimit("O1");
    venue.submit(o);
    await venue.settle();
    expect(o.state).toBe("accepted");
    const [resting] = await brokerOrders();
    expect(resting).toMatchObject({
      direction: "BUY",
      kind: "LIMIT",
      price: 1995,
      sl: 1985,
      tp: 2020,
      expiry: null,
    });
    expect(resting!.comment).toMatch(/^bot\|/); // the source as the tag, the request id stamped
    expect(venue.working.get("O1")?.ticket).toBe(resting!.order);
    expect(venue.openOrders()).toEqual([o]);
    tick(1995.5, 1995.8);
    await new Promise((r) => setTimeout(r, 100));
    expect(fills).toHaveLength(0);
    tick(1994.7, 1995);
    await until(() => fills.length === 1, 1000); // from the DEAL event, without a reconciliation
    expect(outcomes).toEqual(["opened"]);
    expect(fills[0]).toMatchObject({ orderId: "O1", side: "buy", price: 1995, volume: 0.1, opening: true });
    expect(fills[0]!.reason).toBe("limit");
    expect(o.state).toBe("filled");
    expect(updates).toEqual(["O1 accepted", "O1 filled"]);
    expect(venue.openOrders()).toEqual([]);
    const [position] = await brokerPositions();
    expect(venue.positions()).toEqual([
      expect.objectContaining({
        id: `T${position!.ticket}`,
        side: "buy",
        openPrice: 1995,
        sl: 1985,
        tp: 2020,
      }),
    ]);
    expect(position!.ticket).toBe(resting!.order); // MT5 (hedging): the position is the order's ticket
    expect(await brokerOrders()).toEqual([]);
  });

  it("a sell stop fills when the bid falls to it", async () => {
    const { venue, fills, tick } = await setup();
    venue.submit(buyLimit("O1", { side: "sell", type: "stop", price: 1990, sl: 2000, tp: 1970 }));
    await venue.settle();
    tick(1990, 1990.3);
    await until(() => fills.length === 1, 1000);
    expect(fills[0]).toMatchObject({ side: "sell", price: 1990, reason: "stop", opening: true });
  });

  it("cancel removes it at the broker; a price through it later fills nothing", async () => {
    const { venue, fills, updates, tick, brokerOrders } = await setup();
    const o = buyLimit("O1");
    venue.submit(o);
    await venue.settle();
    venue.cancel("O1", "canceled by bot");
    await until(() => o.state === "canceled");
    expect(o).toMatchObject({ code: "CANCELED", reason: "canceled by bot" });
    expect(updates).toEqual(["O1 accepted", "O1 canceled"]);
    expect(await brokerOrders()).toEqual([]);
    expect(venue.openOrders()).toEqual([]);
    tick(1990, 1990.3);
    await new Promise((r) => setTimeout(r, 100));
    expect(fills).toEqual([]);
    expect(await venue.reconcile()).toMatchObject({ pendingFilled: [], pendingEnded: [], adopted: [] });
  });

  it("expiry at the broker: the order leaves ORDERS without a deal and reconciliation marks it expired", async () => {
    const { clock, venue, fills, tick, brokerOrders } = await setup();
    const o = buyLimit("O1", { expiresAt: WED + 60_000 });
    venue.submit(o);
    await venue.settle();
    expect((await brokerOrders())[0]!.expiry).toBe(WED + 60_000);
    tick(1996, 1996.3, 30_000);
    expect((await venue.reconcile()).pendingEnded).toEqual([]);
    expect(o.state).toBe("accepted");
    tick(1994, 1994.3, 30_000); // at its expiry, at its price: it expires, it does not fill
    expect(clock.now()).toBe(WED + 60_000);
    expect(await brokerOrders()).toEqual([]);
    expect((await venue.reconcile()).pendingEnded).toEqual(["O1"]);
    expect(o).toMatchObject({ state: "expired", code: "EXPIRED" });
    expect(fills).toEqual([]);
  });

  it("expiry noticed on a tick: past its expiry the venue looks at the broker by itself and books it", async () => {
    const { venue, fills, updates, tick } = await setup();
    const o = buyLimit("O1", { expiresAt: WED + 60_000 });
    venue.submit(o);
    await venue.settle();
    expect(venue.watch.wakeAt[0]).toBe(WED + 60_000); // the kernel wakes the venue then
    tick(1996, 1996.3, 30_000);
    venue.onTick();
    await new Promise((r) => setTimeout(r, 100));
    expect(o.state).toBe("accepted");
    tick(1996, 1996.3, 30_000);
    venue.onTick();
    await until(() => o.state === "expired");
    expect(updates).toEqual(["O1 accepted", "O1 expired"]);
    expect(venue.watch.wakeAt[0]).toBe(Number.POSITIVE_INFINITY);
    expect(fills).toEqual([]);
  });

  it("a lost ORDER reply: in flight, never resent; reconciliation finds it working by its request id, one order at the broker", async () => {
    const { clock, server, client, venue, fills, tick, brokerOrders } = await setup(300);
    server.faults.dropReplies(1);
    const o = buyLimit("O1");
    venue.submit(o);
    await new Promise((r) => setTimeout(r, 500)); // the client timed out
    expect(o.state).toBe("submitted");
    expect(venue.inFlightIds()).toEqual(["O1"]);
    const requestId = venue.inFlight.get("O1")!.requestId;
    expect(await brokerOrders()).toHaveLength(1);

    // the same request id sent again (by hand, say) places nothing: the bridge answers the first reply...
    const fields = orderFields(o, "bot");
    const again = await client.call("ORDER", fields, requestId);
    expect(again.order).toBe((await brokerOrders())[0]!.order);
    // ...and after a restart of the bridge (its cache gone) the id is found in its orders: DUPLICATE
    server.broker.forgetRequestIds();
    const refused = await client.call("ORDER", fields, requestId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BridgeReplyError);
    expect((refused as BridgeReplyError).replyCode).toBe("DUPLICATE");
    expect(await brokerOrders()).toHaveLength(1);

    clock.advance(5000);
    const report = await venue.reconcile();
    expect(report.resolvedAccepted).toEqual(["O1"]);
    expect(o.state).toBe("accepted");
    expect(venue.working.get("O1")!.ticket).toBe(again.order);
    expect(venue.inFlightIds()).toEqual([]);
    // and it fills as any working order
    tick(1994.7, 1995);
    await until(() => fills.length === 1, 1000);
    expect(o.state).toBe("filled");
    expect(await brokerOrders()).toEqual([]);
  });

  it("a lost ORDER reply after which the order already filled: reconciliation completes the fill from its position", async () => {
    const { clock, server, venue, fills, outcomes, tick } = await setup(300);
    server.faults.dropReplies(1);
    server.faults.dropDealEvents(1);
    const o = buyLimit("O1");
    venue.submit(o);
    await new Promise((r) => setTimeout(r, 500));
    tick(1994.7, 1995);
    await new Promise((r) => setTimeout(r, 100));
    expect(outcomes).toEqual([]); // the deal event was lost too
    clock.advance(5000);
    const report = await venue.reconcile();
    expect(report.resolvedFilled).toEqual(["O1"]);
    expect(report.adopted).toEqual([]);
    expect(o.state).toBe("filled");
    expect(fills).toEqual([expect.objectContaining({ orderId: "O1", price: 1995, reason: "limit" })]);
  });

  it("a lost deal event: reconciliation fills the working order from HISTORY (the deal's order is its ticket)", async () => {
    const { clock, server, venue, fills, tick, brokerPositions } = await setup();
    const o = buyLimit("O1");
    venue.submit(o);
    await venue.settle();
    server.faults.dropDealEvents(1);
    tick(1994.7, 1995);
    await new Promise((r) => setTimeout(r, 100));
    expect(o.state).toBe("accepted");
    clock.advance(5000);
    const report = await venue.reconcile();
    expect(report).toMatchObject({ pendingFilled: ["O1"], adopted: [] });
    expect(o.state).toBe("filled");
    expect(fills).toEqual([expect.objectContaining({ orderId: "O1", price: 1995, opening: true })]);
    expect(venue.positions().map((p) => p.id)).toEqual((await brokerPositions()).map((p) => `T${p.ticket}`));
  });

  it("a cancel that finds the order gone (NOT_FOUND) looks for its deal: filled, not canceled", async () => {
    const { server, venue, fills, tick } = await setup();
    const o = buyLimit("O1");
    venue.submit(o);
    await venue.settle();
    server.faults.dropDealEvents(1);
    tick(1994.7, 1995);
    await new Promise((r) => setTimeout(r, 100));
    venue.cancel("O1");
    await until(() => o.state !== "accepted");
    expect(o.state).toBe("filled");
    expect(fills).toHaveLength(1);
  });

  it("a cancel asked while the ORDER is in flight is sent once the broker has it", async () => {
    const { clock, server, venue, brokerOrders } = await setup(300);
    server.faults.dropReplies(1);
    const o = buyLimit("O1");
    venue.submit(o);
    venue.cancel("O1", "changed my mind");
    await new Promise((r) => setTimeout(r, 500));
    expect(await brokerOrders()).toHaveLength(1);
    clock.advance(5000);
    await venue.reconcile();
    await until(() => o.state === "canceled");
    expect(o.reason).toBe("changed my mind");
    expect(await brokerOrders()).toEqual([]);
  });

  it("the broker's refusal rejects the order at once (a buy limit above the ask: 10015)", async () => {
    const { venue, brokerOrders } = await setup();
    const o = buyLimit("O1", { price: 2001 });
    venue.submit(o);
    await venue.settle();
    expect(o).toMatchObject({ state: "rejected", code: "BROKER_REJECTED", reason: "retcode 10015" });
    expect(await brokerOrders()).toEqual([]);
  });

  it("market orders still go as TRADE beside working orders, and a pending close is not a thing", async () => {
    const { venue, fills } = await setup();
    venue.submit(buyLimit("O1"));
    venue.submit(marketOrder("O2", WED));
    await venue.settle();
    expect(fills.map((f) => f.orderId)).toEqual(["O2"]);
    const close = buyLimit("O3", { side: "sell", closesPositionId: fills[0]!.positionId });
    venue.submit(close);
    expect(close).toMatchObject({ state: "rejected", code: "UNSUPPORTED_ORDER_TYPE" });
    expect(venue.openOrders().map((x) => x.id)).toEqual(["O1"]);
  });
});
