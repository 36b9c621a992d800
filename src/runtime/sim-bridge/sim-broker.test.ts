import { describe, expect, it } from "vitest";
import type { BridgeRequest } from "../../execution/mt5/protocol/messages.js";
import { REPLY_DATA } from "../../execution/mt5/protocol/messages.js";
import { magicOf } from "../../execution/mt5/protocol/order-tag.js";
import type { BrokerReply } from "./broker-types.js";
import { SimBroker } from "./sim-broker.js";

const WED = Date.parse("2024-06-05T12:00:00Z");
const SAT = Date.parse("2024-06-08T12:00:00Z");

function setup(): SimBroker {
  const b = new SimBroker({ symbols: ["XAUUSD", "EURUSD"], cash: 100_000 });
  b.onTick(0, WED - 1000, 2345.1, 2345.3);
  b.onTick(1, WED - 1000, 1.085, 1.08508);
  return b;
}

function data<C extends BridgeRequest["cmd"]>(cmd: C, reply: BrokerReply) {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply)}`);
  return REPLY_DATA[cmd].parse(reply.data) as ReturnType<(typeof REPLY_DATA)[C]["parse"]>;
}

const buy = (requestId?: string, extra: Partial<Extract<BridgeRequest, { cmd: "TRADE" }>> = {}) =>
  ({
    cmd: "TRADE",
    symbol: "XAUUSD",
    direction: "BUY",
    volume: 0.1,
    sl: 2335,
    tp: 2365,
    comment: "HYDRA_GoldLondon",
    ...(requestId ? { requestId } : {}),
    ...extra,
  }) as const;

describe("SimBroker", () => {
  it("answers PING, HEARTBEAT, ACCOUNT, PRICE and SYMBOL", () => {
    const b = setup();
    expect(data("PING", b.handle({ cmd: "PING", requestId: "p1" }, WED))).toEqual({
      reply: "PONG",
      serverTime: WED,
    });
    expect(b.handle({ cmd: "PING", requestId: "p1" }, WED).requestId).toBe("p1");
    expect(data("HEARTBEAT", b.handle({ cmd: "HEARTBEAT" }, WED)).connected).toBe(true);
    const acc = data("ACCOUNT", b.handle({ cmd: "ACCOUNT" }, WED));
    expect(acc).toMatchObject({ balance: 100_000, equity: 100_000, margin: 0, currency: "USD" });
    expect(data("PRICE", b.handle({ cmd: "PRICE", symbol: "XAUUSD" }, WED))).toEqual({
      symbol: "XAUUSD",
      bid: 2345.1,
      ask: 2345.3,
      time: WED - 1000,
    });
    const sym = data("SYMBOL", b.handle({ cmd: "SYMBOL", symbol: "EURUSD" }, WED));
    expect(sym).toMatchObject({ digits: 5, contractSize: 100_000, volumeMin: 0.01, tickValue: 1 });
    const nf = b.handle({ cmd: "PRICE", symbol: "GBPUSD" }, WED);
    expect(nf.ok === false && nf.error.code).toBe("NOT_FOUND");
  });

  it("keeps an EUR account: ACCOUNT says EUR, SYMBOL's tick value is converted at EURUSD", () => {
    const b = new SimBroker({ symbols: ["XAUUSD", "EURUSD"], cash: 100_000, currency: "EUR" });
    b.onTick(0, WED - 1000, 2345.1, 2345.3);
    b.onTick(1, WED - 1000, 1.085, 1.08508);
    expect(data("ACCOUNT", b.handle({ cmd: "ACCOUNT" }, WED))).toMatchObject({ currency: "EUR" });
    // XAUUSD: 0.01 × 100 oz = 1 USD a tick ÷ 1.0850 (EURUSD bid) = 0.9217 EUR
    const sym = data("SYMBOL", b.handle({ cmd: "SYMBOL", symbol: "XAUUSD" }, WED));
    expect(sym.tickValue).toBeCloseTo(1 / 1.085, 9);
  });

  it("fills a TRADE at the ask with the id stamped, lists it, and marks it", () => {
    const b = setup();
    const t = data("TRADE", b.handle(buy("t1"), WED));
    expect(t).toMatchObject({ price: 2345.3, volume: 0.1, retcode: 10009, comment: "HYDRA_GoldLondon|t1" });
    expect(t.magic).toBe(magicOf("t1"));
    expect(t.order).toBe(t.ticket);
    b.onTick(0, WED + 1000, 2346.3, 2346.5);
    const [p] = data("POSITIONS", b.handle({ cmd: "POSITIONS" }, WED + 1000)).positions;
    expect(p).toMatchObject({
      ticket: t.ticket,
      direction: "BUY",
      openPrice: 2345.3,
      sl: 2335,
      tp: 2365,
      profit: 10,
    });
    expect(data("POSITIONS", b.handle({ cmd: "POSITIONS", symbol: "EURUSD" }, WED)).positions).toEqual([]);
    expect(data("ACCOUNT", b.handle({ cmd: "ACCOUNT" }, WED)).equity).toBe(100_010);
  });

  it("executes a repeated TRADE request id once and answers the first reply again", () => {
    const b = setup();
    const first = b.handle(buy("dup1"), WED);
    const again = b.handle(buy("dup1"), WED + 5);
    expect(again).toEqual(first);
    expect(data("POSITIONS", b.handle({ cmd: "POSITIONS" }, WED)).positions).toHaveLength(1);
    const other = b.handle({ cmd: "CLOSE", ticket: 1, requestId: "dup1" }, WED);
    expect(other.ok === false && other.error.code).toBe("DUPLICATE");
  });

  it("maps bad volume, bad stops, no money and a closed market to MT5 retcodes", () => {
    const b = setup();
    const code = (r: BrokerReply) => (r.ok ? 10009 : r.error.retcode);
    expect(code(b.handle(buy("v1", { volume: 0.015 }), WED))).toBe(10014);
    expect(code(b.handle(buy("v2", { volume: 1000 }), WED))).toBe(10014);
    expect(code(b.handle(buy("s1", { sl: 2346 }), WED))).toBe(10016);
    expect(code(b.handle(buy("s2", { tp: 2340 }), WED))).toBe(10016);
    expect(code(b.handle(buy("m1", { volume: 90 }), WED))).toBe(10019);
    expect(code(b.handle(buy("c1"), SAT))).toBe(10018);
    expect(data("POSITIONS", b.handle({ cmd: "POSITIONS" }, WED)).positions).toEqual([]);
    // a rejected id is not cached: it may be sent again once the market opens
    expect(code(b.handle(buy("c1"), WED))).toBe(10009);
  });

  it("answers a forced unknown-outcome retcode after executing, a requote instead", () => {
    const b = setup();
    const r = b.handle(buy("u1"), WED, { forceRetcode: 10031 });
    expect(r.ok === false && r.error.retcode).toBe(10031);
    expect(data("POSITIONS", b.handle({ cmd: "POSITIONS" }, WED)).positions).toHaveLength(1);
    expect(b.handle(buy("u1"), WED).ok).toBe(true);
    const rq = b.handle(buy("u2"), WED, { forceRetcode: 10004 });
    expect(rq.ok === false && rq.error.retcode).toBe(10004);
    expect(data("POSITIONS", b.handle({ cmd: "POSITIONS" }, WED)).positions).toHaveLength(1);
  });

  it("closes by ticket, partly and then fully, with IN and OUT deals in HISTORY", () => {
    const b = setup();
    const { ticket } = data("TRADE", b.handle(buy("h1"), WED));
    b.onTick(0, WED + 1000, 2347.3, 2347.5);
    const part = data("CLOSE", b.handle({ cmd: "CLOSE", ticket, volume: 0.04, requestId: "x1" }, WED + 1000));
    expect(part).toEqual({ ticket, price: 2347.3, volume: 0.04, retcode: 10009 });
    expect(data("POSITIONS", b.handle({ cmd: "POSITIONS" }, WED)).positions[0]!.volume).toBeCloseTo(0.06);
    expect(b.handle({ cmd: "CLOSE", ticket, volume: 0.04, requestId: "x1" }, WED + 1000)).toMatchObject({
      ok: true,
    });
    expect(data("POSITIONS", b.handle({ cmd: "POSITIONS" }, WED)).positions[0]!.volume).toBeCloseTo(0.06);
    const over = b.handle({ cmd: "CLOSE", ticket, volume: 1 }, WED + 1000);
    expect(over.ok === false && over.error.retcode).toBe(10014);
    expect(data("CLOSE", b.handle({ cmd: "CLOSE", ticket }, WED + 2000)).volume).toBeCloseTo(0.06);
    const gone = b.handle({ cmd: "CLOSE", ticket }, WED + 3000);
    expect(gone.ok === false && gone.error.code).toBe("NOT_FOUND");
    const deals = data("HISTORY", b.handle({ cmd: "HISTORY", since: 0 }, WED)).deals;
    expect(deals.map((d) => d.entry)).toEqual(["IN", "OUT", "OUT"]);
    expect(deals[0]).toMatchObject({
      positionId: ticket,
      order: ticket,
      comment: "HYDRA_GoldLondon|h1",
      magic: magicOf("h1"),
    });
    expect(deals[1]!.profit).toBeCloseTo(8);
    expect(deals.every((d) => d.positionId === ticket)).toBe(true);
    expect(data("HISTORY", b.handle({ cmd: "HISTORY", since: WED + 1500 }, WED)).deals).toHaveLength(1);
    expect(b.ledger.balance).toBeCloseTo(100_020);
  });

  it("closes a position at its stop loss on a tick and records the deal", () => {
    const b = setup();
    data("TRADE", b.handle(buy("sl1"), WED));
    b.onTick(0, WED + 1000, 2334.9, 2335.1);
    expect(data("POSITIONS", b.handle({ cmd: "POSITIONS" }, WED)).positions).toEqual([]);
    const out = data("HISTORY", b.handle({ cmd: "HISTORY", since: 0 }, WED)).deals[1]!;
    expect(out).toMatchObject({ entry: "OUT", direction: "SELL", magic: magicOf("sl1") });
    expect(out.comment).toContain("sl");
  });

  it("builds CANDLES from the ticks it has seen", () => {
    const b = setup();
    const t0 = Date.parse("2024-06-05T12:01:00Z");
    for (const [dt, bid] of [
      [0, 10],
      [10_000, 12],
      [20_000, 9],
      [60_000, 11],
    ] as const)
      b.onTick(0, t0 + dt, 2340 + bid, 2340.2 + bid);
    const c = data("CANDLES", b.handle({ cmd: "CANDLES", symbol: "XAUUSD", timeframe: "M1", count: 2 }, WED));
    expect(c.candles).toEqual([
      { time: t0, open: 2350, high: 2352, low: 2349, close: 2349, volume: 3 },
      { time: t0 + 60_000, open: 2351, high: 2351, low: 2351, close: 2351, volume: 1 },
    ]);
    const h1 = data(
      "CANDLES",
      b.handle({ cmd: "CANDLES", symbol: "XAUUSD", timeframe: "H1", count: 10 }, WED),
    );
    expect(h1.candles.map((c) => c.volume)).toEqual([1, 4]); // the setup tick is at 11:59:59
  });
});
