import { expect } from "vitest";
import { type ContractRun, exits, lateEvents, order, T0, trade, until } from "./contract-run.js";

/**
 * Market orders: one fill per order at the quote it meets, a position per entry, exits at the other side
 * (in part or whole, leaving the other positions alone), rejections with a reason, stops and targets
 * moved, and never a second fill for one order.
 */
export function marketCases(run: ContractRun): void {
  const { fills } = run;

  run.it("fills a market buy once, at the ask, and opens a position", async () => {
    const d = await run.start();
    const o = order("buy", 0.1, { sl: 1990, tp: 2020 });
    await trade(d, o, T0 + 1000, 2000, 2000.3);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({
      orderId: o.id,
      side: "buy",
      price: 2000.3,
      volume: 0.1,
      opening: true,
    });
    expect(o.state).toBe("filled");
    expect(d.venue.positions()).toEqual([
      expect.objectContaining({ id: fills[0]!.positionId, side: "buy", volume: 0.1, sl: 1990, tp: 2020 }),
    ]);
  });

  run.it(
    "closes a position at the bid, in part and then whole, leaving the other position as it was",
    async () => {
      const d = await run.start();
      await trade(d, order("buy", 0.2), T0 + 1000, 2000, 2000.3);
      await trade(d, order("buy", 0.1), T0 + 1500, 2000.5, 2000.8);
      const [pid, other] = fills.map((f) => f.positionId);
      const volumes = () => Object.fromEntries(d.venue.positions().map((p) => [p.id, p.volume]));
      const part = order("sell", 0.05, { closesPositionId: pid });
      await trade(d, part, T0 + 2000, 2001, 2001.3);
      await lateEvents(run, d);
      expect(exits(fills)).toEqual([
        expect.objectContaining({
          orderId: part.id,
          side: "sell",
          price: 2001,
          volume: 0.05,
          positionId: pid,
        }),
      ]);
      expect(part.state).toBe("filled");
      expect(volumes()).toEqual({ [pid!]: 0.15, [other!]: 0.1 });
      const rest = order("sell", 0.15, { closesPositionId: pid });
      await trade(d, rest, T0 + 3000, 2002, 2002.3);
      await lateEvents(run, d);
      expect(exits(fills)[1]).toMatchObject({ orderId: rest.id, price: 2002, volume: 0.15, positionId: pid });
      expect(volumes()).toEqual({ [other!]: 0.1 });
      expect(fills).toHaveLength(4);
    },
  );

  run.it("a stop hit after a partial close closes what is left", async () => {
    const d = await run.start();
    await trade(d, order("buy", 0.1, { sl: 1990 }), T0 + 1000, 2000, 2000.3);
    const pid = fills[0]!.positionId;
    await trade(d, order("sell", 0.04, { closesPositionId: pid }), T0 + 2000, 2001, 2001.3);
    await lateEvents(run, d);
    expect(d.venue.positions()[0]?.volume).toBeCloseTo(0.06, 8);
    await d.quote(T0 + 3000, 1990, 1990.3);
    await until(() => fills.length === 3);
    await lateEvents(run, d);
    expect(exits(fills).map((f) => [f.volume, f.reason])).toEqual([
      [0.04, "close"],
      [0.06, "sl"],
    ]);
    expect(d.venue.positions()).toHaveLength(0);
  });

  run.it("rejects a stop on the wrong side with a reason and opens nothing", async () => {
    const d = await run.start();
    const o = order("buy", 0.1, { sl: 2005 });
    await trade(d, o, T0 + 1000, 2000, 2000.3);
    expect(o.state).toBe("rejected");
    expect(o.reason).not.toBe("");
    expect(fills).toHaveLength(0);
    expect(d.venue.positions()).toHaveLength(0);
  });

  run.it("rejects closing a position it does not have", async () => {
    const d = await run.start();
    const o = order("sell", 0.1, { closesPositionId: "T987654" });
    await trade(d, o, T0 + 1000, 2000, 2000.3);
    expect(o.state).toBe("rejected");
    expect(fills).toHaveLength(0);
  });

  run.it(
    "moves a position's stop and target, and removes one (venues that declare modifiesStops)",
    async (ctx) => {
      const d = await run.start();
      if (!d.venue.capabilities.modifiesStops) {
        ctx.skip("the venue declares no stop modification (capabilities.modifiesStops: false)");
        return;
      }
      await trade(d, order("buy", 0.1, { sl: 1990, tp: 2020 }), T0 + 1000, 2000, 2000.3);
      const pid = fills[0]!.positionId;
      const levels = () => d.venue.positions().find((p) => p.id === pid);
      d.venue.modifyPosition(pid, 1995, 2010);
      await until(() => levels()?.sl === 1995);
      expect(levels()).toMatchObject({ sl: 1995, tp: 2010 });
      d.venue.modifyPosition(pid, 1996, Number.NaN);
      await until(() => levels()?.sl === 1996);
      expect(Number.isNaN(levels()!.tp)).toBe(true);
    },
  );

  run.it("never fills one order twice", async () => {
    const d = await run.start();
    const orders = [order("buy", 0.1), order("sell", 0.1), order("buy", 0.2)];
    for (const o of orders) d.venue.submit(o);
    for (let i = 1; i <= 5; i++) await d.quote(T0 + i * 1000, 2000, 2000.3);
    await d.settle();
    expect(fills.map((f) => f.orderId).sort()).toEqual(orders.map((o) => o.id).sort());
    expect(d.venue.positions()).toHaveLength(3);
  });
}
