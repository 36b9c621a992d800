import { describe, expect, expectTypeOf, it } from "vitest";
import type { Order } from "../model/order.js";
import type { DenialCode, OrderEndCode } from "../model/order-codes.js";
import type { SubmitResult } from "../strategies/strategy.js";
import type { OrderDenied } from "./kernel-observer.js";
import { harness, ScriptedStrategy, T0 } from "./test-support/harness.js";

// the type checker runs these (`tsc --noEmit` over the tests, in make test and make lint)
describe("denial and order codes are typed, not strings", () => {
  it("SubmitResult, OrderDenied and Order carry the code unions", () => {
    expectTypeOf<Extract<SubmitResult, { accepted: false }>["code"]>().toEqualTypeOf<DenialCode>();
    expectTypeOf<OrderDenied["code"]>().toEqualTypeOf<DenialCode>();
    expectTypeOf<Order["code"]>().toEqualTypeOf<OrderEndCode | undefined>();
  });
});

describe("codes from the rule to the strategy, the observers and the order", () => {
  it("a risk denial reaches the strategy's SubmitResult and the OrderDenied event with the rule's code", () => {
    const results: SubmitResult[] = [];
    const s = new ScriptedStrategy("no-stop", [{ symbol: "XAUUSD", timeframe: "tick" }], {
      onTick: (symbol, _t, ctx) => {
        if (results.length === 0)
          results.push(ctx.submit({ kind: "open", symbol, side: "buy", orderType: "market", volume: 0.1 }));
      },
    });
    const h = harness({ strategies: [s], riskConfig: {}, startMs: T0 });
    h.clock.set(T0);
    h.kernel.onTick(0, T0, 2000, 2000.5);
    expect(results[0]).toMatchObject({ accepted: false, code: "STOP_LOSS_REQUIRED" });
    expect(h.denials.map((d) => d.code)).toEqual(["STOP_LOSS_REQUIRED"]);
  });

  it("an order manager denial (a close with nothing open) keeps its code too", () => {
    const results: SubmitResult[] = [];
    const s = new ScriptedStrategy("closer", [{ symbol: "XAUUSD", timeframe: "tick" }], {
      onTick: (symbol, _t, ctx) => {
        if (results.length === 0) results.push(ctx.submit({ kind: "close", symbol }));
      },
    });
    const h = harness({ strategies: [s], startMs: T0 });
    h.kernel.onTick(0, T0, 2000, 2000.5);
    expect(results[0]).toMatchObject({ accepted: false, code: "POSITION_NOT_FOUND" });
    expect(h.denials[0]?.code).toBe("POSITION_NOT_FOUND");
  });

  it("a venue's rejection and a cancel are set on the order as codes, beside the words", () => {
    const s = new ScriptedStrategy("big", [{ symbol: "XAUUSD", timeframe: "tick" }], {
      onTick: (symbol, t, ctx) => {
        if (ctx.openOrders().length > 0 || h.updates.length > 0) return;
        // far more than $1,000 of margin: the simulated venue refuses it
        ctx.submit({ kind: "open", symbol, side: "buy", orderType: "market", volume: 50 });
        ctx.submit({
          kind: "open",
          symbol,
          side: "buy",
          orderType: "limit",
          price: t.bid - 100,
          volume: 0.01,
        });
      },
    });
    const h = harness({ strategies: [s], cash: 1000, startMs: T0 });
    h.kernel.onTick(0, T0, 2000, 2000.5);
    h.kernel.onTick(0, T0 + 1000, 2000, 2000.5);
    const pending = s.ctx.openOrders()[0]!;
    s.ctx.submit({ kind: "cancel", orderId: pending.id });
    const ended = h.updates.filter((u) => u.state === "rejected" || u.state === "canceled");
    expect(ended).toEqual([
      expect.objectContaining({ state: "rejected", code: "NO_MONEY", reason: "NO_MONEY" }),
      expect.objectContaining({ state: "canceled", code: "CANCELED", id: pending.id }),
    ]);
  });
});
