import { expect } from "vitest";
import type { Order } from "../../model/order.js";
import { type ContractRun, order, T0, until, type VenueDriver } from "./contract-run.js";

/**
 * Pending orders (venues that declare pendingOrders): a buy limit fills when the ask comes down to its
 * price, a buy stop when the ask rises to it; a cancel and an expiry remove one, and nothing fills it
 * afterwards.
 */
export function pendingCases(run: ContractRun): void {
  const { fills, updates } = run;

  /** A fresh venue, or a skip naming the capability it lacks. */
  async function startPending(ctx: { skip: (note: string) => void }): Promise<VenueDriver | undefined> {
    const d = await run.start();
    if (d.venue.capabilities.pendingOrders) return d;
    ctx.skip("the venue declares no resting orders (capabilities.pendingOrders: false)");
    return undefined;
  }

  /** Submits a pending order and waits until the venue (or its broker) has it resting. */
  async function place(d: VenueDriver, o: Order): Promise<void> {
    d.venue.submit(o);
    await d.settle();
    await until(() => o.state !== "submitted");
    expect(o.state).toBe("accepted");
    expect(d.venue.openOrders().map((x) => x.id)).toContain(o.id);
  }

  const pending = (type: "limit" | "stop", price: number, extra: Partial<Order> = {}) =>
    order("buy", 0.1, { type, price, createdAt: T0, ...extra });

  run.it("a buy limit fills when the ask comes down to its price, at that ask, once", async (ctx) => {
    const d = await startPending(ctx);
    if (d === undefined) return;
    const o = pending("limit", 1995);
    await place(d, o);
    await d.quote(T0 + 1000, 1995.5, 1995.8);
    await d.settle();
    expect(fills).toHaveLength(0);
    await d.quote(T0 + 2000, 1994.7, 1995);
    await until(() => fills.length === 1);
    expect(fills[0]).toMatchObject({ orderId: o.id, side: "buy", price: 1995, volume: 0.1, opening: true });
    expect(fills[0]!.reason).toBe("limit");
    await until(() => o.state === "filled");
    expect(o.state).toBe("filled");
    expect(d.venue.openOrders()).toHaveLength(0);
    expect(d.venue.positions()).toEqual([expect.objectContaining({ side: "buy", volume: 0.1 })]);
    await d.quote(T0 + 3000, 1994, 1994.3);
    await d.settle();
    expect(fills).toHaveLength(1);
  });

  run.it("a buy stop fills when the ask rises to its price", async (ctx) => {
    const d = await startPending(ctx);
    if (d === undefined) return;
    const o = pending("stop", 2005);
    await place(d, o);
    await d.quote(T0 + 1000, 2004.6, 2004.9);
    await d.settle();
    expect(fills).toHaveLength(0);
    await d.quote(T0 + 2000, 2004.7, 2005);
    await until(() => fills.length === 1);
    expect(fills[0]).toMatchObject({
      orderId: o.id,
      side: "buy",
      price: 2005,
      opening: true,
      reason: "stop",
    });
    await until(() => o.state === "filled");
    expect(d.venue.openOrders()).toHaveLength(0);
  });

  run.it("a cancel removes a resting order: canceled, and a price through it fills nothing", async (ctx) => {
    const d = await startPending(ctx);
    if (d === undefined) return;
    const o = pending("limit", 1990);
    await place(d, o);
    d.venue.cancel(o.id);
    await d.settle();
    await until(() => o.state === "canceled");
    expect(o.state).toBe("canceled");
    expect(updates.at(-1)).toEqual([o.id, "canceled", expect.any(String)]);
    expect(d.venue.openOrders()).toHaveLength(0);
    await d.quote(T0 + 1000, 1989, 1989.3);
    await d.settle();
    expect(fills).toHaveLength(0);
    expect(d.venue.positions()).toHaveLength(0);
  });

  run.it(
    "an order expires at its expiry time: expired, and a price through it afterwards fills nothing",
    async (ctx) => {
      const d = await startPending(ctx);
      if (d === undefined) return;
      const o = pending("limit", 1990, { expiresAt: T0 + 60_000 });
      await place(d, o);
      await d.quote(T0 + 30_000, 1995, 1995.3);
      await d.settle();
      expect(o.state).toBe("accepted");
      await d.quote(T0 + 60_000, 1995, 1995.3);
      await d.settle();
      // a broker venue may learn it only from the broker's list of working orders: its reconciliation
      if (d.venue.capabilities.reconciles) await d.venue.reconcile?.();
      await until(() => o.state === "expired");
      expect(o.state).toBe("expired");
      expect(d.venue.openOrders()).toHaveLength(0);
      await d.quote(T0 + 61_000, 1989, 1989.3);
      await d.settle();
      expect(fills).toHaveLength(0);
    },
  );
}
