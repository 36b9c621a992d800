import { describe, expect, it } from "vitest";
import { isHydraError } from "../core/errors.js";
import { type NodeStoreBackend, nodeStoreConnections } from "../core/test-support/contract-connections.js";
import type { NodeLives } from "./node-lives.js";

/** The behaviour every NodeLives must have; each backend's test file calls it. */
export function nodeLivesContract(name: string, makeBackend: () => NodeStoreBackend<NodeLives>): void {
  describe(`NodeLives contract: ${name}`, () => {
    const { connect } = nodeStoreConnections(makeBackend);
    const T0 = 1_772_445_600_000;

    it("tells nothing at the first start nor after a clean stop", () => {
      const l = connect();
      expect(l.nodeStarted("ftmo", "R1", T0)).toBeUndefined();
      l.nodeStopped("ftmo", "R1");
      expect(l.nodeStarted("ftmo", "R2", T0 + 1_000)).toBeUndefined();
    });

    it("tells a restart after a crash (a run that never stopped), to the next process of the node", () => {
      const first = connect();
      first.nodeStarted("ftmo", "R1", T0 + 0.4);
      first.nodeStarted("hydra", "R1", T0 + 5);
      first.nodeStopped("hydra", "R1");
      // killed: no nodeStopped for ftmo
      first.close();
      const next = connect();
      expect(next.nodeStarted("ftmo", "R2", T0 + 60_000)).toEqual({ run: "R1", startedAtWallMs: T0 });
      expect(next.nodeStarted("hydra", "R2", T0 + 60_000)).toBeUndefined();
      // a stop of a run that is no longer the current one changes nothing
      next.nodeStopped("ftmo", "R1");
      expect(next.nodeStarted("ftmo", "R3", T0 + 120_000)).toEqual({
        run: "R2",
        startedAtWallMs: T0 + 60_000,
      });
      next.nodeStopped("ftmo", "R3");
      next.close();
      expect(connect().nodeStarted("ftmo", "R4", T0 + 180_000)).toBeUndefined();
    });

    it("keeps two nodes' lives apart, the same node name in both", () => {
      const a = connect("node-a");
      const b = connect("node-b");
      a.nodeStarted("ftmo", "R1", T0);
      b.nodeStarted("ftmo", "R7", T0 + 1);
      b.nodeStopped("ftmo", "R7");
      a.close();
      b.close();
      expect(connect("node-a").nodeStarted("ftmo", "R2", T0 + 2)).toEqual({ run: "R1", startedAtWallMs: T0 });
      expect(connect("node-b").nodeStarted("ftmo", "R8", T0 + 3)).toBeUndefined();
    });

    it("fails as STORAGE once closed", () => {
      const l = connect();
      l.close();
      let err: unknown;
      try {
        l.nodeStarted("ftmo", "R1", T0);
      } catch (e) {
        err = e;
      }
      expect(isHydraError(err) && err.code).toBe("STORAGE");
    });
  });
}
