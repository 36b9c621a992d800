import { afterEach, describe, expect, it } from "vitest";
import { LiveClock, TestClock } from "../core/clock.js";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import { TickSubscriber } from "../execution/mt5/client/tick-subscriber.js";
import { Mt5Venue } from "../execution/mt5/venue/mt5-venue.js";
import { marketOrder } from "../execution/test-support/market-order.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { Order } from "../model/order.js";
import { BrokerSync } from "./node/broker-sync.js";
import { SimBridgeServer } from "./sim-bridge/sim-bridge-server.js";

const T0 = Date.UTC(2024, 0, 10, 12, 0, 0);
const ANY = "tcp://127.0.0.1:*";
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error("timed out");
    await sleep(5);
  }
};

/**
 * What the bridge fault schedules found, each pinned by a schedule of its own (issue 16, item 3): a CLOSE
 * that loses to the position's stop, a reconciliation reading the broker's list before a close's deal is
 * booked, events lost before the stream's first one, and an order of unknown outcome whose deal never
 * comes.
 */
describe("bridge faults the schedules found", () => {
  const stops: Array<() => unknown> = [];
  afterEach(async () => {
    for (const s of stops.splice(0).reverse()) await s();
  });

  async function setup() {
    const clock = new TestClock(T0);
    const server = new SimBridgeServer();
    await server.start({
      rep: ANY,
      pub: ANY,
      symbols: ["XAUUSD"],
      source: { kind: "manual" },
      clock,
      heartbeatMs: 20,
      accountEveryMs: 40,
      cash: 100_000,
    });
    const client = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 300 });
    const terminal = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 1000 });
    stops.push(
      () => server.stop(),
      () => client.close(),
      () => terminal.close(),
    );
    const venue = new Mt5Venue({
      client,
      instruments: new InstrumentTable([resolveInstrument("XAUUSD")]),
      clock,
    });
    const fills: string[] = [];
    venue.setListener({ onFill: (f) => fills.push(`${f.orderId} ${f.reason}`), onOrderUpdate: () => {} });
    server.pushTick("XAUUSD", 2000, 2000.3, T0);
    const open = async (order: Order): Promise<string> => {
      venue.submit(order);
      await until(() => venue.inFlight.size === 0);
      return venue.positions().at(-1)!.id;
    };
    return { clock, server, client, terminal, venue, fills, open };
  }

  it("a CLOSE that loses to the position's stop: the stop's deal books the close, the CLOSE's 'no position' changes nothing", async () => {
    const { clock, server, venue, fills, open } = await setup();
    const escaped: unknown[] = [];
    const onEscape = (e: unknown): void => {
      escaped.push(e);
    };
    process.on("unhandledRejection", onEscape);
    stops.push(() => process.off("unhandledRejection", onEscape));
    const id = await open(marketOrder("O1", T0, { sl: 1990 }));
    clock.advance(1000);
    server.pushTick("XAUUSD", 1989, 1989.3); // the stop, at the broker
    const stopDeal = server.broker.deals.at(-1)!;
    expect(stopDeal.entry).toBe("OUT");
    // the venue closes it before the stop's deal reaches it; the deal comes while the CLOSE is answered
    server.faults.delayReplies(100, 1);
    const close = marketOrder("C1", clock.now(), { side: "sell", closesPositionId: id });
    venue.submit(close);
    await sleep(20);
    expect(venue.onBrokerDeal(stopDeal)).toBe("closed");
    await sleep(200); // the CLOSE's answer (no such position) has come
    expect(escaped).toEqual([]);
    expect(close.state).toBe("filled");
    expect(venue.positions()).toEqual([]);
    expect(fills).toEqual(["O1 market", "C1 close"]);
  });

  it("a position closed in the books while a reconciliation read the broker's list is not adopted back from it", async () => {
    const { clock, server, terminal, venue, open } = await setup();
    const id = await open(marketOrder("O1", T0, { sl: Number.NaN }));
    const ticket = Number(id.slice(1));
    clock.advance(1000);
    // POSITIONS answered (the position still open), the terminal's CLOSE handled next, then ORDERS
    server.faults.delayReplies(80, 3);
    const pass = venue.reconcile();
    await sleep(10);
    await terminal.call("CLOSE", { ticket });
    expect(venue.onBrokerDeal(server.broker.deals.at(-1)!)).toBe("closed");
    const report = await pass;
    expect(report.adopted).toEqual([]);
    expect(venue.positions()).toEqual([]);
  });

  it("events lost before the stream's first one (a close at the broker before the subscription): the first event reconciles", async () => {
    const { clock, server, client, terminal, venue, open } = await setup();
    const id = await open(marketOrder("O1", T0, { sl: Number.NaN }));
    clock.advance(1000);
    await terminal.call("CLOSE", { ticket: Number(id.slice(1)) }); // no subscriber yet: its deal is on no stream
    const sync = new BrokerSync(venue, client, () => {});
    const sub = new TickSubscriber({
      endpoint: server.endpoints.pub,
      symbols: ["XAUUSD"],
      clock: new LiveClock(),
      onTick: () => {},
      ...sync.events(),
    });
    sub.start();
    stops.push(() => sub.stop());
    await until(() => venue.positions().length === 0, 2000);
  });

  it("two closes of one position, the first's outcome unknown: the deal books the one the broker answered, the other is not executed", async () => {
    const { clock, server, venue, fills, open } = await setup();
    const id = await open(marketOrder("O1", T0, { sl: Number.NaN }));
    venue.followDeals(); // from now on a reply waits for its deal, as a node has it
    // the first CLOSE meets a bridge that is away for longer than the client waits: never executed
    const away = server.restart(500);
    const first = marketOrder("C1", clock.now(), { side: "sell", closesPositionId: id });
    venue.submit(first);
    await until(() => venue.inFlight.get("C1")?.unknown !== undefined);
    await away;
    const second = marketOrder("C2", clock.now(), { side: "sell", closesPositionId: id });
    venue.submit(second);
    await until(() => venue.inFlight.get("C2")?.replied !== undefined);
    expect(venue.onBrokerDeal(server.broker.deals.at(-1)!)).toBe("closed");
    expect(second.state).toBe("filled");
    clock.advance(2500);
    await venue.reconcile();
    expect(first.state).toBe("rejected");
    expect(venue.inFlight.size).toBe(0);
    expect(fills.filter((f) => f.startsWith("C"))).toEqual(["C2 close"]);
  });

  it("an order of unknown outcome whose deal never comes is looked for at the broker once its grace is over", async () => {
    const { clock, server, venue } = await setup();
    server.faults.dropReplies(1);
    venue.submit(marketOrder("O1", T0, { sl: Number.NaN }));
    await until(() => venue.inFlight.get("O1")?.unknown !== undefined);
    clock.advance(2500);
    venue.onTick(); // no deal event (no subscriber), no periodic pass: the venue looks by itself
    await until(() => venue.inFlight.size === 0, 2000);
    expect(venue.positions()).toHaveLength(1);
  });
});
