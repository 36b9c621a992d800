import { describe, expect, it } from "vitest";
import { isHydraError } from "../core/errors.js";
import { type NodeStoreBackend, nodeStoreConnections } from "../core/test-support/contract-connections.js";
import type { ControlJournal } from "./control-journal.js";

/** A row of control_actions as the backend holds it for one node. */
export interface ControlActionRow {
  id: number;
  at_wall: string;
  node: string;
  who: string;
  action: string;
}

export interface ControlJournalBackend extends NodeStoreBackend<ControlJournal> {
  /** the node's rows of control_actions, by id */
  rows(nodeId: string): ControlActionRow[];
}

/** The behaviour every ControlJournal must have; each backend's test file calls it. */
export function controlJournalContract(name: string, makeBackend: () => ControlJournalBackend): void {
  describe(`ControlJournal contract: ${name}`, () => {
    const { connect, backend } = nodeStoreConnections(makeBackend);

    it("records each action with when (ISO wall time), on which node, by whom, numbered from 1", () => {
      const j = connect();
      j.record(1_700_000_000_000, "hydra", "api:alice", "kill-switch on (news)");
      j.record(1_700_000_001_500, "ftmo", "telegram:42", "pause");
      j.record(1_700_000_001_500, "ftmo", "telegram:42", "pause");
      expect(backend().rows("node-a")).toEqual([
        {
          id: 1,
          at_wall: "2023-11-14T22:13:20.000Z",
          node: "hydra",
          who: "api:alice",
          action: "kill-switch on (news)",
        },
        { id: 2, at_wall: "2023-11-14T22:13:21.500Z", node: "ftmo", who: "telegram:42", action: "pause" },
        { id: 3, at_wall: "2023-11-14T22:13:21.500Z", node: "ftmo", who: "telegram:42", action: "pause" },
      ]);
    });

    it("a reopened journal (a restarted node) continues the numbering; two nodes' journals stay apart", () => {
      const first = connect("node-a");
      first.record(1_000, "hydra", "api:alice", "pause");
      first.close();
      const other = connect("node-b");
      other.record(2_000, "hydra", "api:bob", "resume");
      connect("node-a").record(3_000, "hydra", "api:alice", "resume");
      expect(
        backend()
          .rows("node-a")
          .map((r) => [r.id, r.who, r.action]),
      ).toEqual([
        [1, "api:alice", "pause"],
        [2, "api:alice", "resume"],
      ]);
      expect(
        backend()
          .rows("node-b")
          .map((r) => [r.id, r.who]),
      ).toEqual([[1, "api:bob"]]);
    });

    it("fails as STORAGE once closed", () => {
      const j = connect();
      j.close();
      let err: unknown;
      try {
        j.record(1, "hydra", "api:alice", "pause");
      } catch (e) {
        err = e;
      }
      expect(isHydraError(err) && err.code).toBe("STORAGE");
    });
  });
}
