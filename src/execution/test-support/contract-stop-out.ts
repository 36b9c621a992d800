import { expect } from "vitest";
import { afterwards, type ContractRun, exits, order, T0, trade, until } from "./contract-run.js";

/**
 * The broker's stop-out (the simulated venue plays the broker): under a 50 % margin level the position
 * losing most is closed at market with reason stop-out, then the next while the level stays under.
 */
export function stopOutCases(run: ContractRun): void {
  const { fills } = run;

  // 100,000 USD; 5 lots bought at 2000.30 (A) and 5 at 2010.30 (B): margin 66,843.33 (1:30), the floor
  // half of it; equity at a bid b is 1,000 b − 1,905,300, under the floor below 1938.72. After B closes at
  // 1938.50 (balance 64,100), A alone: margin 33,338.33, equity 64,100 + 500 (b − 2000.30), under its
  // floor (16,669.17) below 1905.22.
  run.it(
    "under a 50 % margin level the account is stopped out: the position losing most first, the other when the level falls under again",
    async () => {
      const d = await run.start();
      await trade(d, order("buy", 5), T0 + 1000, 2000, 2000.3);
      await trade(d, order("buy", 5), T0 + 2000, 2010, 2010.3);
      const [a, b] = fills.map((f) => f.positionId);
      expect(d.venue.positions()).toHaveLength(2);
      await d.quote(T0 + 3000, 1939, 1939.3); // 50.42 %
      await d.quote(T0 + 4000, 1938.5, 1938.8); // 49.67 %
      await until(() => fills.length === 3);
      expect(exits(fills).map((f) => [f.positionId, f.side, f.price, f.volume, f.reason])).toEqual([
        [b, "sell", 1938.5, 5, "stop-out"],
      ]);
      expect(d.venue.positions().map((p) => p.id)).toEqual([a]);
      await d.quote(T0 + 5000, 1906, 1906.3); // A alone: 50.8 %
      await d.settle();
      expect(d.venue.positions().map((p) => p.id)).toEqual([a]);
      await d.quote(T0 + 6000, 1900, 1900.3); // 41.8 %
      await until(() => fills.length === 4);
      expect(exits(fills)[1]).toMatchObject({ positionId: a, price: 1900, volume: 5, reason: "stop-out" });
      await afterwards(run, d, T0 + 7000, 1890);
      expect(fills).toHaveLength(4);
      expect(d.venue.positions()).toHaveLength(0);
    },
  );
}
