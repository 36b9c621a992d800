import { afterEach, describe, expect, it } from "vitest";
import type { Fill } from "../../model/fill.js";
import type { Order } from "../../model/order.js";
import type { Position } from "../../model/position.js";
import type { Venue } from "../venue.js";

/** Drives one venue implementation for the shared contract suite. Symbol 0 is XAUUSD. */
export interface VenueDriver {
  venue: Venue;
  /** a price the venue (and, for a live venue, its broker) sees */
  quote(time: number, bid: number, ask: number): Promise<void>;
  /** waits until the venue has answered everything sent */
  settle(): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;
function order(side: "buy" | "sell", volume: number, extra: Partial<Order> = {}): Order {
  seq++;
  return {
    id: `C${seq}`,
    source: "contract",
    symbol: "XAUUSD",
    side,
    type: "market",
    volume,
    price: Number.NaN,
    sl: Number.NaN,
    tp: Number.NaN,
    closesPositionId: undefined,
    expiresAt: Number.POSITIVE_INFINITY,
    tag: "contract",
    createdAt: 0,
    state: "initialized",
    updatedAt: 0,
    fillPrice: Number.NaN,
    reason: "",
    ...extra,
  };
}

const T0 = Date.UTC(2024, 0, 10, 12, 0, 0);

/** Waits (wall time, bounded) for a venue that answers asynchronously, such as a broker. */
async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond() && performance.now() < end) await new Promise((r) => setTimeout(r, 5));
}

/**
 * The behaviour every venue (simulated, shadow, MT5 through the bridge) must show: one fill per market
 * order at the quote it meets, a position per entry, exits at the other side, rejections with a reason,
 * and never a second fill for one order.
 */
export function venueContract(name: string, makeDriver: () => Promise<VenueDriver>): void {
  describe(`venue contract: ${name}`, () => {
    let driver: VenueDriver | undefined;
    const fills: Fill[] = [];
    const positions: Position[] = [];
    const updates: Array<[string, string, string]> = [];

    async function start(): Promise<VenueDriver> {
      fills.length = 0;
      positions.length = 0;
      updates.length = 0;
      driver = await makeDriver();
      driver.venue.setListener({
        onFill: (f, p) => {
          fills.push({ ...f });
          positions.push({ ...p });
        },
        onOrderUpdate: (o) => updates.push([o.id, o.state, o.reason]),
      });
      await driver.quote(T0, 2000, 2000.3);
      return driver;
    }

    /** The quote stands before and after the order, so a venue that fills on the next price and one that
     * fills at the current price (a broker) both fill at it. */
    async function trade(d: VenueDriver, o: Order, t: number, bid: number, ask: number): Promise<void> {
      await d.quote(t, bid, ask);
      d.venue.submit(o);
      await d.quote(t + 1, bid, ask);
      await d.settle();
    }

    afterEach(async () => {
      await driver?.close();
      driver = undefined;
    });

    it("fills a market buy once, at the ask, and opens a position", async () => {
      const d = await start();
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

    it("closes a position at the bid, in part and then whole", async () => {
      const d = await start();
      await trade(d, order("buy", 0.2), T0 + 1000, 2000, 2000.3);
      const pid = fills[0]!.positionId;
      await trade(d, order("sell", 0.05, { closesPositionId: pid }), T0 + 2000, 2001, 2001.3);
      expect(fills[1]).toMatchObject({
        side: "sell",
        price: 2001,
        volume: 0.05,
        opening: false,
        positionId: pid,
      });
      expect(d.venue.positions()[0]?.volume).toBeCloseTo(0.15, 8);
      await trade(d, order("sell", 0.15, { closesPositionId: pid }), T0 + 3000, 2002, 2002.3);
      expect(fills[2]).toMatchObject({ price: 2002, volume: 0.15, opening: false });
      expect(d.venue.positions()).toHaveLength(0);
    });

    it("rejects a stop on the wrong side with a reason and opens nothing", async () => {
      const d = await start();
      const o = order("buy", 0.1, { sl: 2005 });
      await trade(d, o, T0 + 1000, 2000, 2000.3);
      expect(o.state).toBe("rejected");
      expect(o.reason).not.toBe("");
      expect(fills).toHaveLength(0);
      expect(d.venue.positions()).toHaveLength(0);
    });

    it("rejects closing a position it does not have", async () => {
      const d = await start();
      const o = order("sell", 0.1, { closesPositionId: "T987654" });
      await trade(d, o, T0 + 1000, 2000, 2000.3);
      expect(o.state).toBe("rejected");
      expect(fills).toHaveLength(0);
    });

    it("moves a position's stop and target, and removes one (venues that declare modifiesStops)", async (ctx) => {
      const d = await start();
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
    });

    it("never fills one order twice", async () => {
      const d = await start();
      const orders = [order("buy", 0.1), order("sell", 0.1), order("buy", 0.2)];
      for (const o of orders) d.venue.submit(o);
      for (let i = 1; i <= 5; i++) await d.quote(T0 + i * 1000, 2000, 2000.3);
      await d.settle();
      expect(fills.map((f) => f.orderId).sort()).toEqual(orders.map((o) => o.id).sort());
      expect(d.venue.positions()).toHaveLength(3);
    });
  });
}
