import { expect } from "vitest";
import { afterwards, type ContractRun, exits, order, T0, trade, until } from "./contract-run.js";

/**
 * Exits the venue (or its broker) makes: a stop loss, a take profit, both in one quote, and a close done
 * outside HYDRA — each reported once, with its reason, the position gone.
 */
export function exitCases(run: ContractRun): void {
  const { fills } = run;

  run.it("a stop loss hit closes the position at the stop level, with reason sl, once", async () => {
    const d = await run.start();
    await trade(d, order("buy", 0.1, { sl: 1990, tp: 2020 }), T0 + 1000, 2000, 2000.3);
    const pid = fills[0]!.positionId;
    await d.quote(T0 + 2000, 1990.01, 1990.31); // a cent above
    await d.quote(T0 + 3000, 1990, 1990.3);
    await until(() => fills.length === 2);
    expect(fills[1]).toMatchObject({
      positionId: pid,
      side: "sell",
      price: 1990,
      volume: 0.1,
      opening: false,
      reason: "sl",
    });
    await afterwards(run, d, T0 + 4000, 1985);
    expect(fills).toHaveLength(2);
    expect(d.venue.positions()).toHaveLength(0);
  });

  run.it(
    "a quote that gaps through the stop closes at the quote, not the level (a short's stop, on the ask)",
    async () => {
      const d = await run.start();
      await trade(d, order("sell", 0.1, { sl: 2010 }), T0 + 1000, 2000, 2000.3);
      await d.quote(T0 + 2000, 2014.7, 2015);
      await until(() => fills.length === 2);
      expect(fills[1]).toMatchObject({ side: "buy", price: 2015, volume: 0.1, opening: false, reason: "sl" });
      await afterwards(run, d, T0 + 3000, 2020);
      expect(fills).toHaveLength(2);
      expect(d.venue.positions()).toHaveLength(0);
    },
  );

  run.it("a take profit hit closes with reason tp: a long's at the bid, a short's at the ask", async () => {
    const d = await run.start();
    await trade(d, order("buy", 0.1, { tp: 2010 }), T0 + 1000, 2000, 2000.3);
    await trade(d, order("sell", 0.2, { tp: 1990 }), T0 + 2000, 2000, 2000.3);
    const [long, short] = fills.map((f) => f.positionId);
    await d.quote(T0 + 3000, 2010, 2010.3);
    await until(() => fills.length === 3);
    await d.quote(T0 + 4000, 1989.7, 1990);
    await until(() => fills.length === 4);
    expect(exits(fills).map((f) => [f.positionId, f.side, f.price, f.volume, f.reason])).toEqual([
      [long, "sell", 2010, 0.1, "tp"],
      [short, "buy", 1990, 0.2, "tp"],
    ]);
    await afterwards(run, d, T0 + 5000, 1980);
    expect(fills).toHaveLength(4);
    expect(d.venue.positions()).toHaveLength(0);
  });

  // One position's stop and target sit on the same side of the book (a long's both on the bid), so one
  // quote cannot reach both; a bar can, and the simulated venue then takes the stop (sim-venue-bars.test).
  // Across positions one quote can: each closes with its own reason, once.
  run.it(
    "one quote that reaches a long's target and a short's stop closes both, each with its reason, once",
    async () => {
      const d = await run.start();
      await trade(d, order("buy", 0.1, { sl: 1990, tp: 2010 }), T0 + 1000, 2000, 2000.3);
      await trade(d, order("sell", 0.1, { sl: 2010.2, tp: 1990 }), T0 + 2000, 2000, 2000.3);
      const [long, short] = fills.map((f) => f.positionId);
      await d.quote(T0 + 3000, 2010, 2010.3);
      await until(() => fills.length === 4);
      const byPosition = Object.fromEntries(exits(fills).map((f) => [f.positionId, [f.price, f.reason]]));
      expect(byPosition).toEqual({ [long!]: [2010, "tp"], [short!]: [2010.3, "sl"] });
      await afterwards(run, d, T0 + 4000, 2000);
      expect(fills).toHaveLength(4);
      expect(d.venue.positions()).toHaveLength(0);
    },
  );

  run.it(
    "a position closed outside HYDRA (the terminal, another client) is reported: a fill with a reason, the position gone, once",
    async (ctx) => {
      const d = await run.start();
      if (!d.venue.capabilities.externalTrades) {
        ctx.skip("nothing outside HYDRA trades this venue's account (capabilities.externalTrades: false)");
        return;
      }
      if (d.externalClose === undefined)
        throw new Error("the driver of a venue with externalTrades must close from outside");
      await trade(d, order("buy", 0.2), T0 + 1000, 2000, 2000.3);
      await trade(d, order("buy", 0.1), T0 + 1500, 2000, 2000.3);
      const [pid, other] = fills.map((f) => f.positionId);
      const ours = new Set(fills.map((f) => f.orderId));
      await d.quote(T0 + 2000, 2003, 2003.3);
      await d.externalClose(pid!);
      await until(() => fills.length === 3);
      expect(fills[2]).toMatchObject({
        positionId: pid,
        side: "sell",
        price: 2003,
        volume: 0.2,
        opening: false,
        reason: "close",
      });
      expect(ours.has(fills[2]!.orderId)).toBe(false);
      await afterwards(run, d, T0 + 3000, 2004);
      expect(fills).toHaveLength(3);
      expect(d.venue.positions().map((p) => p.id)).toEqual([other]);
    },
  );
}
