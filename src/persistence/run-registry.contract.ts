import { describe, expect, it } from "vitest";
import { isHydraError } from "../core/errors.js";
import { type NodeStoreBackend, nodeStoreConnections } from "../core/test-support/contract-connections.js";
import type { RunRegistry } from "./run-registry.js";

/** A row of node_runs as the backend holds it for one node. */
export interface NodeRunRow {
  id: number;
  command: string;
  mode: string;
  started_at_wall: number;
}

export interface RunRegistryBackend extends NodeStoreBackend<RunRegistry> {
  /** the node's rows of node_runs, by id */
  rows(nodeId: string): NodeRunRow[];
}

/** The behaviour every RunRegistry must have; each backend's test file calls it. */
export function runRegistryContract(name: string, makeBackend: () => RunRegistryBackend): void {
  describe(`RunRegistry contract: ${name}`, () => {
    const { connect, backend } = nodeStoreConnections(makeBackend);

    it("numbers the runs 1, 2, … and keeps each one's command, mode and start", () => {
      const r = connect();
      expect(r.startRun("ftmo", "paper", 1_772_445_600_000)).toBe(1);
      expect(r.startRun("hydra run", "live", 1_772_445_660_000)).toBe(2);
      expect(backend().rows("node-a")).toEqual([
        { id: 1, command: "ftmo", mode: "paper", started_at_wall: 1_772_445_600_000 },
        { id: 2, command: "hydra run", mode: "live", started_at_wall: 1_772_445_660_000 },
      ]);
    });

    it("a reopened registry (the next process) numbers on; another node numbers its own from 1", () => {
      const first = connect("node-a");
      first.startRun("ftmo", "paper", 1);
      first.startRun("ftmo", "paper", 2);
      first.close();
      expect(connect("node-b").startRun("ftmo", "live", 3)).toBe(1);
      expect(connect("node-a").startRun("ftmo", "paper", 4)).toBe(3);
      expect(
        backend()
          .rows("node-a")
          .map((r) => r.id),
      ).toEqual([1, 2, 3]);
      expect(backend().rows("node-b")).toEqual([
        { id: 1, command: "ftmo", mode: "live", started_at_wall: 3 },
      ]);
    });

    it("fails as STORAGE once closed", () => {
      const r = connect();
      r.close();
      let err: unknown;
      try {
        r.startRun("ftmo", "paper", 1);
      } catch (e) {
        err = e;
      }
      expect(isHydraError(err) && err.code).toBe("STORAGE");
    });
  });
}
