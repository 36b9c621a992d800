import { describe, expect, it } from "vitest";
import { harness, MIN, T0 } from "../../kernel/test-support/harness.js";

const buy = (extra: Record<string, number> = {}) => ({
  kind: "open" as const,
  symbol: "XAUUSD",
  side: "buy" as const,
  orderType: "market" as const,
  volume: 1,
  ...extra,
});
const sell = (extra: Record<string, number> = {}) => ({ ...buy(extra), side: "sell" as const });

describe("simulated venue on ticks", () => {
  it("fills a market order at the next tick's ask (buy) and closes at the bid, P&L to the cent", () => {
    const h = harness();
    h.kernel.onTick(0, T0, 2000.0, 2000.3);
    expect(h.kernel.submit(buy(), "manual").accepted).toBe(true);
    expect(h.fills).toHaveLength(0); // never at the price the decision saw
    h.kernel.onTick(0, T0 + 1000, 2000.2, 2000.5);
    expect(h.fills[0]).toMatchObject({
      side: "buy",
      price: 2000.5,
      volume: 1,
      opening: true,
      reason: "market",
    });
    h.kernel.submit({ kind: "close", symbol: "XAUUSD" }, "manual");
    h.kernel.onTick(0, T0 + 2000, 2001.0, 2001.3);
    expect(h.fills[1]).toMatchObject({ side: "sell", price: 2001.0, opening: false, reason: "close" });
    // (2001.00 − 2000.50) × 1 lot × 100 oz = 50.00
    expect(h.ledger.balance).toBe(100_050);
    expect(h.ledger.trades[0]).toMatchObject({ grossPnl: 50, netPnl: 50, side: "buy" });
    expect(h.ledger.openCount).toBe(0);
  });

  it("takes the stop loss on the first tick through it, at that tick's price (a gap fills worse)", () => {
    const h = harness();
    h.kernel.onTick(0, T0, 2000.0, 2000.3);
    h.kernel.submit(buy({ sl: 1995, tp: 2010 }), "manual");
    h.kernel.onTick(0, T0 + 1, 2000.0, 2000.3);
    h.kernel.onTick(0, T0 + 2, 1995.1, 1995.4); // above the stop
    expect(h.fills).toHaveLength(1);
    h.kernel.onTick(0, T0 + 3, 1994.2, 1994.5); // gapped through 1995
    expect(h.fills[1]).toMatchObject({ side: "sell", price: 1994.2, reason: "sl" });
    expect(h.ledger.balance).toBe(99_390); // (1994.20 − 2000.30) × 100
  });

  it("takes the profit of a short when the ask reaches the target", () => {
    const h = harness();
    h.kernel.onTick(0, T0, 2000.0, 2000.3);
    h.kernel.submit(sell({ sl: 2005, tp: 1990 }), "manual");
    h.kernel.onTick(0, T0 + 1, 2000.0, 2000.3); // sold at the bid 2000.0
    h.kernel.onTick(0, T0 + 2, 1989.8, 1990.1); // ask above target: nothing
    expect(h.fills).toHaveLength(1);
    h.kernel.onTick(0, T0 + 3, 1989.6, 1989.9);
    expect(h.fills[1]).toMatchObject({ side: "buy", price: 1989.9, reason: "tp" });
    expect(h.ledger.balance).toBe(101_010);
  });

  it("triggers a buy stop when the ask reaches it and a sell limit when the bid does", () => {
    const h = harness();
    h.kernel.onTick(0, T0, 2000.0, 2000.3);
    h.kernel.submit({ ...buy(), orderType: "stop", price: 2002 }, "manual");
    h.kernel.submit({ ...sell(), orderType: "limit", price: 2003 }, "manual");
    expect(h.updates.map((u) => u.state)).toEqual(["accepted", "accepted"]);
    h.kernel.onTick(0, T0 + 1, 2001.5, 2001.8);
    expect(h.fills).toHaveLength(0);
    h.kernel.onTick(0, T0 + 2, 2001.8, 2002.1);
    expect(h.fills[0]).toMatchObject({ side: "buy", price: 2002.1, reason: "stop" });
    h.kernel.onTick(0, T0 + 3, 2003.2, 2003.5);
    expect(h.fills[1]).toMatchObject({ side: "sell", price: 2003.2, reason: "limit" });
  });

  it("expires a pending order at its expiry time and cancels on request", () => {
    const h = harness();
    h.kernel.onTick(0, T0, 2000.0, 2000.3);
    h.kernel.submit({ ...buy(), orderType: "limit", price: 1990, expiresAt: T0 + 5 * MIN }, "manual");
    const r = h.kernel.submit({ ...buy(), orderType: "limit", price: 1980 }, "manual");
    h.kernel.onTick(0, T0 + 5 * MIN, 2000.0, 2000.3);
    expect(h.updates.at(-1)).toMatchObject({ id: "O1", state: "expired" });
    if (!r.accepted) throw new Error("should be accepted");
    h.kernel.submit({ kind: "cancel", orderId: r.orderIds[0]! }, "manual");
    expect(h.updates.at(-1)).toMatchObject({ id: "O2", state: "canceled" });
    expect(h.kernel.orders.openOrders()).toHaveLength(0);
  });

  it("rejects stops on the wrong side and orders the margin cannot carry", () => {
    const h = harness({ cash: 1000 });
    h.kernel.onTick(0, T0, 2000.0, 2000.3);
    h.kernel.submit(buy({ volume: 0.01, sl: 2001 }), "manual");
    h.kernel.submit(buy({ volume: 1 }), "manual"); // margin 1 × 100 × 2000 / 30 ≈ 6,667 > 1,000
    h.kernel.onTick(0, T0 + 1, 2000.0, 2000.3);
    expect(h.updates.map((u) => [u.id, u.state, u.reason])).toEqual([
      ["O1", "rejected", "INVALID_STOPS"],
      ["O2", "rejected", "NO_MONEY"],
    ]);
    expect(h.fills).toHaveLength(0);
  });

  it("charges commission per lot on every fill and applies slippage against the trader", () => {
    const h = harness({ overrides: { commissionPerLot: 3.5 }, slippageTicks: 2 });
    h.kernel.onTick(0, T0, 2000.0, 2000.3);
    h.kernel.submit(buy({ volume: 0.5 }), "manual");
    h.kernel.onTick(0, T0 + 1, 2000.0, 2000.3);
    expect(h.fills[0]).toMatchObject({ price: 2000.32, commission: 1.75 });
    h.kernel.submit({ kind: "close", symbol: "XAUUSD" }, "manual");
    h.kernel.onTick(0, T0 + 2, 2001.0, 2001.3);
    expect(h.fills[1]).toMatchObject({ price: 2000.98, commission: 1.75 });
    // gross (2000.98 − 2000.32) × 0.5 × 100 = 33.00; commission 3.50
    expect(h.ledger.trades[0]).toMatchObject({ grossPnl: 33, commission: 3.5, netPnl: 29.5 });
    expect(h.ledger.balance).toBe(100_029.5);
  });

  it("floors volumes to the step and refuses a volume below the minimum", () => {
    const h = harness();
    h.kernel.onTick(0, T0, 2000.0, 2000.3);
    h.kernel.submit(buy({ volume: 0.019 }), "manual");
    h.kernel.onTick(0, T0 + 1, 2000.0, 2000.3);
    expect(h.fills[0]!.volume).toBe(0.01);
    const r = h.kernel.submit(buy({ volume: 0.004 }), "manual");
    expect(r).toMatchObject({ accepted: false, code: "INVALID_VOLUME" });
    expect(h.denials[0]).toMatchObject({ code: "INVALID_VOLUME", source: "manual" });
  });

  it("rounds stop and target prices to the tick size", () => {
    const h = harness({ symbols: ["EURUSD"] });
    h.kernel.onTick(0, T0, 1.08, 1.08008);
    h.kernel.submit(
      {
        kind: "open",
        symbol: "EURUSD",
        side: "buy",
        orderType: "market",
        volume: 1,
        sl: 1.0790049,
        tp: 1.081116,
      },
      "manual",
    );
    h.kernel.onTick(0, T0 + 1, 1.08, 1.08008);
    expect(h.ledger.positions[0]).toMatchObject({ sl: 1.079, tp: 1.08112 });
  });

  it("closes part of a position and keeps the rest open", () => {
    const h = harness();
    h.kernel.onTick(0, T0, 2000.0, 2000.0);
    h.kernel.submit(buy({ volume: 1 }), "manual");
    h.kernel.onTick(0, T0 + 1, 2000.0, 2000.0);
    h.kernel.submit({ kind: "close", symbol: "XAUUSD", volume: 0.4 }, "manual");
    h.kernel.onTick(0, T0 + 2, 2010.0, 2010.0);
    expect(h.ledger.trades[0]).toMatchObject({ volume: 0.4, grossPnl: 400 });
    expect(h.ledger.positions[0]!.volume).toBe(0.6);
    h.kernel.onTick(0, T0 + 3, 2020.0, 2020.0);
    expect(h.ledger.equity).toBe(100_000 + 400 + 0.6 * 100 * 20);
  });
});
