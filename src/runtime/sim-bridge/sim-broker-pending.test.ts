import { describe, expect, it } from "vitest";
import type { BridgeRequest } from "../../execution/mt5/protocol/messages.js";
import { REPLY_DATA } from "../../execution/mt5/protocol/messages.js";
import { magicOf } from "../../execution/mt5/protocol/order-tag.js";
import type { BrokerReply } from "./broker-types.js";
import { SimBroker } from "./sim-broker.js";

const WED = Date.parse("2024-06-05T12:00:00Z");
const SAT = Date.parse("2024-06-08T12:00:00Z");
const HOUR = 3_600_000;

/** XAUUSD 2345.10 / 2345.30 */
function setup(): SimBroker {
  const b = new SimBroker({ symbols: ["XAUUSD"], cash: 100_000 });
  b.onTick(0, WED - 1000, 2345.1, 2345.3);
  return b;
}

function data<C extends BridgeRequest["cmd"]>(cmd: C, reply: BrokerReply) {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply)}`);
  return REPLY_DATA[cmd].parse(reply.data) as ReturnType<(typeof REPLY_DATA)[C]["parse"]>;
}

const code = (r: BrokerReply) => (r.ok ? "ok" : (r.error.retcode ?? r.error.code));

type OrderReq = Extract<BridgeRequest, { cmd: "ORDER" }>;
const buyLimit = (requestId?: string, extra: Partial<OrderReq> = {}): OrderReq => ({
  cmd: "ORDER",
  symbol: "XAUUSD",
  direction: "BUY",
  kind: "LIMIT",
  volume: 0.1,
  price: 2330,
  sl: 2320,
  tp: 2360,
  comment: "HYDRA_Test",
  ...(requestId ? { requestId } : {}),
  ...extra,
});

const orders = (b: SimBroker, now = WED) => data("ORDERS", b.handle({ cmd: "ORDERS" }, now)).orders;
const positions = (b: SimBroker) => data("POSITIONS", b.handle({ cmd: "POSITIONS" }, WED)).positions;
const deals = (b: SimBroker) => data("HISTORY", b.handle({ cmd: "HISTORY", since: 0 }, WED)).deals;

describe("SimBroker pending orders (ORDER, CANCEL, ORDERS)", () => {
  it("places a buy limit with the id stamped, lists it, and fills it as a deal of the order when the ask reaches it", () => {
    const b = setup();
    const placed = data("ORDER", b.handle(buyLimit("o1", { price: 2330.004, expiry: WED + HOUR }), WED));
    expect(placed).toMatchObject({ price: 2330, volume: 0.1, retcode: 10009, comment: "HYDRA_Test|o1" });
    expect(placed.magic).toBe(magicOf("o1"));
    expect(orders(b)).toEqual([
      {
        order: placed.order,
        symbol: "XAUUSD",
        direction: "BUY",
        kind: "LIMIT",
        volume: 0.1,
        price: 2330,
        sl: 2320,
        tp: 2360,
        expiry: WED + HOUR,
        time: WED,
        comment: "HYDRA_Test|o1",
        magic: magicOf("o1"),
      },
    ]);
    b.onTick(0, WED + 1000, 2330.1, 2330.3); // not yet
    expect(orders(b)).toHaveLength(1);
    b.onTick(0, WED + 2000, 2329.8, 2330);
    expect(orders(b)).toEqual([]);
    expect(positions(b)).toEqual([
      expect.objectContaining({
        ticket: placed.order,
        direction: "BUY",
        openPrice: 2330,
        sl: 2320,
        tp: 2360,
      }),
    ]);
    expect(deals(b)).toEqual([
      expect.objectContaining({
        order: placed.order,
        positionId: placed.order,
        entry: "IN",
        price: 2330,
        time: WED + 2000,
        comment: "HYDRA_Test|o1",
        magic: magicOf("o1"),
      }),
    ]);
  });

  it("triggers stops and limits on the side each one waits for", () => {
    const b = setup();
    const place = (direction: "BUY" | "SELL", kind: "LIMIT" | "STOP", price: number) =>
      data("ORDER", b.handle({ cmd: "ORDER", symbol: "XAUUSD", direction, kind, volume: 0.01, price }, WED))
        .order;
    const sellStop = place("SELL", "STOP", 2340);
    const buyStop = place("BUY", "STOP", 2350);
    const sellLimit = place("SELL", "LIMIT", 2355);
    b.onTick(0, WED + 1000, 2339.9, 2340.1);
    expect(deals(b).map((d) => [d.order, d.direction])).toEqual([[sellStop, "SELL"]]);
    b.onTick(0, WED + 2000, 2350.0, 2350.2);
    expect(deals(b).map((d) => d.order)).toEqual([sellStop, buyStop]);
    b.onTick(0, WED + 3000, 2355.0, 2355.2);
    expect(deals(b).map((d) => d.order)).toEqual([sellStop, buyStop, sellLimit]);
    expect(orders(b)).toEqual([]);
  });

  it("refuses what an MT5 server refuses, with its retcode, and places nothing", () => {
    const b = setup();
    expect(code(b.handle(buyLimit("p1", { price: 2346 }), WED))).toBe(10015); // a buy limit above the ask
    expect(code(b.handle(buyLimit("p2", { kind: "STOP" }), WED))).toBe(10015); // a buy stop below it
    expect(code(b.handle(buyLimit("p3", { sl: 2331 }), WED))).toBe(10016);
    expect(code(b.handle(buyLimit("p4", { tp: 2329 }), WED))).toBe(10016);
    expect(code(b.handle(buyLimit("p5", { expiry: WED }), WED))).toBe(10022);
    expect(code(b.handle(buyLimit("p6", { volume: 0.015 }), WED))).toBe(10014);
    expect(code(b.handle(buyLimit("p7"), SAT))).toBe(10018);
    expect(code(b.handle(buyLimit("p8", { symbol: "DOGEUSD" }), WED))).toBe("NOT_FOUND");
    expect(orders(b)).toEqual([]);
    // a refused id is not cached: the corrected order may use it
    expect(code(b.handle(buyLimit("p1"), WED))).toBe("ok");
  });

  it("expires an order at its expiry without a deal; it is gone from ORDERS at once", () => {
    const b = setup();
    const { order } = data("ORDER", b.handle(buyLimit("e1", { expiry: WED + HOUR }), WED));
    expect(orders(b, WED + HOUR - 1)).toHaveLength(1);
    expect(orders(b, WED + HOUR)).toEqual([]);
    expect(code(b.handle({ cmd: "CANCEL", order }, WED + HOUR))).toBe("NOT_FOUND");
    b.onTick(0, WED + HOUR, 2329, 2329.2); // its price, but too late
    expect(deals(b)).toEqual([]);
    expect(positions(b)).toEqual([]);
  });

  it("cancels a working order; the same CANCEL again is NOT_FOUND, and the price crossing later fills nothing", () => {
    const b = setup();
    const { order } = data("ORDER", b.handle(buyLimit("x1"), WED));
    expect(data("CANCEL", b.handle({ cmd: "CANCEL", order, requestId: "c1" }, WED))).toEqual({
      order,
      retcode: 10009,
    });
    const again = b.handle({ cmd: "CANCEL", order, requestId: "c1" }, WED);
    expect(again).toMatchObject({ ok: false, requestId: "c1", error: { code: "NOT_FOUND" } });
    expect(code(b.handle({ cmd: "CANCEL", order: 999_999 }, WED))).toBe("NOT_FOUND");
    b.onTick(0, WED + 1000, 2329, 2329.2);
    expect(orders(b)).toEqual([]);
    expect(deals(b)).toEqual([]);
  });

  it("a filled order cannot be cancelled", () => {
    const b = setup();
    const { order } = data("ORDER", b.handle(buyLimit("x2"), WED));
    b.onTick(0, WED + 1000, 2329, 2329.2);
    expect(code(b.handle({ cmd: "CANCEL", order }, WED + 1000))).toBe("NOT_FOUND");
    expect(positions(b)).toHaveLength(1);
  });
});

describe("SimBroker: no duplicate pending order", () => {
  it("answers the same ORDER again from the cache; another request under its id is a DUPLICATE", () => {
    const b = setup();
    const first = b.handle(buyLimit("d1"), WED);
    expect(b.handle(buyLimit("d1"), WED + 5)).toEqual(first);
    const changed = b.handle(buyLimit("d1", { price: 2331 }), WED);
    expect(changed).toMatchObject({ ok: false, requestId: "d1", error: { code: "DUPLICATE" } });
    const trade = b.handle(
      { cmd: "TRADE", symbol: "XAUUSD", direction: "BUY", volume: 0.1, requestId: "d1" },
      WED,
    );
    expect(code(trade)).toBe("DUPLICATE");
    expect(orders(b)).toHaveLength(1);
    expect(positions(b)).toEqual([]);
  });

  const afterwards: Array<[string, (b: SimBroker, order: number) => void]> = [
    ["working", () => {}],
    ["filled", (b) => b.onTick(0, WED + 1000, 2329, 2329.2)],
    ["cancelled", (b, order) => void b.handle({ cmd: "CANCEL", order }, WED)],
  ];
  it.each(afterwards)(
    "after a restart (ids forgotten) the order %s is found by its stamped comment: DUPLICATE",
    (_n, then) => {
      const b = setup();
      const { order } = data("ORDER", b.handle(buyLimit("r1"), WED));
      then(b, order);
      const before = { orders: orders(b).length, positions: positions(b).length };
      b.forgetRequestIds();
      const again = b.handle(buyLimit("r1"), WED + 2000);
      expect(again).toMatchObject({ ok: false, error: { code: "DUPLICATE" } });
      expect(!again.ok && again.error.message).toContain(String(order));
      expect({ orders: orders(b).length, positions: positions(b).length }).toEqual(before);
    },
  );

  it("after a restart a TRADE is found by its position too, and a new id goes through", () => {
    const b = setup();
    const trade = (requestId: string) =>
      b.handle({ cmd: "TRADE", symbol: "XAUUSD", direction: "BUY", volume: 0.1, requestId }, WED);
    expect(code(trade("t1"))).toBe("ok");
    b.forgetRequestIds();
    expect(code(trade("t1"))).toBe("DUPLICATE");
    expect(code(trade("t2"))).toBe("ok");
    expect(positions(b)).toHaveLength(2);
  });
});
