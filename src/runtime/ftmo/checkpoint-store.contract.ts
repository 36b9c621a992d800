import { describe, expect, it } from "vitest";
import { isHydraError } from "../../core/errors.js";
import { type NodeStoreBackend, nodeStoreConnections } from "../../core/test-support/contract-connections.js";
import type { ChallengeState } from "../../risk/prop-firm/challenge-evaluator.js";
import type { CheckpointStore } from "./checkpoint-store.js";
import type { FtmoCheckpoint } from "./ftmo-checkpoint.js";

/** One node's store of the suite; the nodes of a backend share its database (a folder, a PostgreSQL database). */
interface NodeStore extends CheckpointStore {
  close(): void;
}

/** `connect` opens node `nodeId`'s store, on a new connection each time (a restart) */
export interface CheckpointStoreBackend extends NodeStoreBackend<NodeStore> {
  /** replaces node `nodeId`'s stored checkpoint with `text` as it is (a torn or foreign write) */
  corrupt(nodeId: string, text: string): void;
  /** node `nodeId`'s stored text, as it is */
  raw(nodeId: string): string | undefined;
}

const checkpoint = (over: Partial<FtmoCheckpoint> = {}): FtmoCheckpoint => ({
  version: 2,
  mode: "paper",
  runId: 3,
  wallTime: "2024-01-10T09:00:01.250Z",
  marketTime: "2024-01-10T08:59:59.000Z",
  balance: 100_496.53,
  equity: 100_512.07,
  positions: [
    {
      id: "R3.P1",
      source: "us30-orb",
      symbol: "US30",
      side: "buy",
      volume: 0.1,
      openPrice: 37_512.3,
      openTime: 1_704_873_600_250,
      sl: 37_400.1,
      tp: Number.NaN,
      commission: 0.35,
      swap: -1.01,
      tag: "orb",
    },
    {
      id: "R3.P2",
      source: "gold-london-reversal",
      symbol: "XAUUSD",
      side: "sell",
      volume: 0.5,
      openPrice: 2034.56,
      openTime: 1_704_873_000_000,
      sl: Number.NaN,
      tp: Number.NaN,
      commission: 3.5,
      tag: "",
    },
  ],
  challenge: { status: "active", floors: { daily: 95_000.01, maxLoss: 90_000 } } as unknown as ChallengeState,
  states: [{ state: "ACTIVE", at: 1_704_873_000_000, reason: "start" }],
  inFlight: ["R3.O7"],
  ...over,
});

/** A checkpoint of a paper run with no position, no challenge and nothing in flight; `over` changes it. */
export const bareCheckpoint = (over: Partial<FtmoCheckpoint> = {}): FtmoCheckpoint => ({
  version: 2,
  mode: "paper",
  runId: 1,
  wallTime: "2024-01-10T09:00:01.250Z",
  marketTime: "2024-01-10T09:00:00.000Z",
  balance: 100_000,
  equity: 100_000,
  positions: [],
  challenge: null,
  states: [],
  inFlight: [],
  ...over,
});

/** The behaviour every CheckpointStore must have; each backend's test runs it. */
export function checkpointStoreContract(name: string, makeBackend: () => CheckpointStoreBackend): void {
  describe(`CheckpointStore contract: ${name}`, () => {
    const { connect: open, backend: db } = nodeStoreConnections(makeBackend);
    const refusal = (s: CheckpointStore): Error & { code?: unknown } => {
      try {
        s.read();
      } catch (e) {
        return e as Error;
      }
      throw new Error("the store read a corrupted checkpoint");
    };

    it("has none on a first start", () => {
      expect(open().read()).toBeUndefined();
    });

    it("gives back every field: money exact to the cent, a position without a stop (NaN) as NaN", () => {
      const s = open();
      const c = checkpoint({ balance: 0.1 + 0.2, equity: 1_234_567.89 });
      s.write(c);
      expect(s.read()).toEqual(c);
      expect(s.read()!.balance).toBe(0.1 + 0.2);
      expect(s.read()!.positions[1]!.sl).toBeNaN();
    });

    it("keeps the last one written, which a restart (another connection) reads", () => {
      const a = open();
      a.write(checkpoint());
      const last = checkpoint({
        runId: 4,
        balance: 100_000.01,
        positions: [],
        inFlight: [],
        challenge: null,
      });
      a.write(last);
      a.close();
      expect(open().read()).toEqual(last);
    });

    it("keeps the checkpoints of two nodes on one database apart", () => {
      const a = open();
      const b = open("node-b");
      a.write(checkpoint({ runId: 1 }));
      expect(b.read()).toBeUndefined();
      b.write(checkpoint({ runId: 2, mode: "shadow" }));
      a.write(checkpoint({ runId: 5 }));
      expect(a.read()!.runId).toBe(5);
      expect(b.read()).toMatchObject({ runId: 2, mode: "shadow" });
      expect(a.where).not.toBe(b.where);
    });

    it("refuses a checkpoint that is not JSON (CONFIG_INVALID), naming where it is and what to do, and leaves it as it was", () => {
      const s = open();
      s.write(checkpoint());
      const torn = (db().raw("node-a") ?? "").slice(0, 40);
      db().corrupt("node-a", torn);
      const err = refusal(s);
      expect(isHydraError(err) && err.code).toBe("CONFIG_INVALID");
      expect(err.message).toContain(`${s.where}: the checkpoint is not JSON`);
      expect(err.message).toMatch(
        /nothing was started: restore it from a backup.*to start the challenge afresh/,
      );
      expect(db().raw("node-a")).toBe(torn);
      // a restart is refused the same way: never a first start over it
      expect(refusal(open()).message).toContain("the checkpoint is not JSON");
    });

    it("refuses a checkpoint this version cannot resume, naming the field", () => {
      const s = open();
      db().corrupt("node-a", JSON.stringify({ ...checkpoint(), version: 1 }));
      const err = refusal(s);
      expect(isHydraError(err) && err.code).toBe("CONFIG_INVALID");
      expect(err.message).toContain(`${s.where}: not a checkpoint this version can resume (field "version"`);
      expect(err.message).toMatch(/restore it from a backup.*to start the challenge afresh/);
    });
  });
}
