import { describe, expect, it } from "vitest";
import { isHydraError } from "../core/errors.js";
import { contractConnections, type StoreBackend } from "../core/test-support/contract-connections.js";
import type { OptimizeStore, OptimizeUnitRow } from "./optimize-store.js";

export type OptimizeStoreBackend = StoreBackend<OptimizeStore>;

const row = (trial: number, segment: string, netProfit: number): OptimizeUnitRow => ({
  trial,
  segment,
  params: `{"period":${10 + trial}}`,
  trades: 3 + trial,
  netProfit,
  days: ["2024-01-02", "2024-01-03"],
  returns: [0.0125, -0.003],
});

/** The behaviour every OptimizeStore must have; each implementation's test file calls it. */
export function optimizeStoreContract(name: string, makeBackend: () => OptimizeStoreBackend): void {
  describe(`OptimizeStore contract: ${name}`, () => {
    const connect = contractConnections(makeBackend);

    it("knows no run at first, then the configuration a run was started with", () => {
      const s = connect();
      expect(s.runConfig("r1")).toBeUndefined();
      expect(s.units("r1")).toEqual([]);
      s.startRun("r1", '{"x":1}', 6);
      s.startRun("r1", '{"x":1}', 6);
      expect(s.runConfig("r1")).toBe('{"x":1}');
      expect(s.runConfig("r2")).toBeUndefined();
    });

    it("refuses to start a stored run with another configuration (STORAGE, naming the run)", () => {
      const s = connect();
      s.startRun("r1", '{"x":1}', 6);
      let err: unknown;
      try {
        s.startRun("r1", '{"x":2}', 6);
      } catch (e) {
        err = e;
      }
      expect(isHydraError(err) && err.code).toBe("STORAGE");
      expect((err as Error).message).toMatch(/run r1 is stored with another configuration/);
      expect(s.runConfig("r1")).toBe('{"x":1}');
    });

    it("keeps each finished backtest once per trial and segment, by trial then segment, and each run's apart", () => {
      const s = connect();
      s.startRun("r1", "{}", 6);
      s.startRun("r2", "{}", 2);
      s.saveUnit("r1", row(1, "oos-1", 5));
      s.saveUnit("r1", row(0, "full", 12.5));
      s.saveUnit("r1", row(0, "full", 12.5));
      s.saveUnit("r1", row(0, "is-1", -7.25));
      s.saveUnit("r2", row(0, "full", 1));
      expect(s.units("r1")).toEqual([row(0, "full", 12.5), row(0, "is-1", -7.25), row(1, "oos-1", 5)]);
      expect(s.units("r2")).toEqual([row(0, "full", 1)]);
      // saved again (a unit redone after a crash between its save and the next): the last one stays
      s.saveUnit("r2", row(0, "full", 2));
      expect(s.units("r2")).toEqual([row(0, "full", 2)]);
    });

    it("another connection (a restarted run, another host) resumes from what was saved", () => {
      const a = connect();
      a.startRun("r1", '{"x":1}', 6);
      a.saveUnit("r1", row(0, "full", 12.5));
      a.close();
      const b = connect();
      expect(b.runConfig("r1")).toBe('{"x":1}');
      b.startRun("r1", '{"x":1}', 6);
      expect(b.units("r1")).toEqual([row(0, "full", 12.5)]);
      expect(b.where).not.toBe("");
    });
  });
}
