import { afterEach, describe, it } from "vitest";
import type { Fill } from "../../model/fill.js";
import type { Position } from "../../model/position.js";
import { exitCases } from "./contract-exits.js";
import { marketCases } from "./contract-market.js";
import { pendingCases } from "./contract-pending.js";
import { type ContractRun, T0, type VenueDriver } from "./contract-run.js";
import { stopOutCases } from "./contract-stop-out.js";

export { CONTRACT_CASH, type VenueDriver } from "./contract-run.js";

/**
 * The behaviour every venue (simulated, shadow, MT5 through the bridge) must show, with prices built by
 * hand and known outcomes: market orders (contract-market), stops, targets and closes made outside HYDRA
 * (contract-exits), the broker's stop-out (contract-stop-out) and pending orders (contract-pending). A
 * case a venue cannot do is skipped only by a capability the venue declares, saying which.
 */
export function venueContract(
  name: string,
  makeDriver: () => Promise<VenueDriver>,
  options: ContractOptions = {},
): void {
  describe(`venue contract: ${name}`, () => {
    let driver: VenueDriver | undefined;
    const fills: Fill[] = [];
    const positions: Position[] = [];
    const updates: Array<[string, string, string]> = [];
    const defects = options.knownDefects ?? {};
    const titles = new Set<string>();

    const run: ContractRun = {
      it(title, fn) {
        titles.add(title);
        const defect = defects[title];
        if (defect === undefined) it(title, fn);
        else it.fails(`${title} [known defect, expected to fail: ${defect}]`, fn);
      },
      fills,
      positions,
      updates,
      async start() {
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
      },
    };

    afterEach(async () => {
      await driver?.close();
      driver = undefined;
    });

    marketCases(run);
    exitCases(run);
    stopOutCases(run);
    pendingCases(run);
    const stale = Object.keys(defects).filter((t) => !titles.has(t));
    if (stale.length > 0) throw new Error(`venue contract ${name}: no case is called ${stale.join(" / ")}`);
  });
}

export interface ContractOptions {
  /**
   * Cases this venue is known to fail (title → the defect, in words): they run as expected failures, so
   * the suite stays green while the defect is open and turns red the day it is fixed (drop the entry).
   * Never for something the venue cannot do: that is a capability, and the case skips by it.
   */
  knownDefects?: Readonly<Record<string, string>>;
}
