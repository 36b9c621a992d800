import { describe, expect, it } from "vitest";
import { contractConnections, type StoreBackend } from "../core/test-support/contract-connections.js";
import type { EngineCommandStore } from "./engine-command-store.js";

export type EngineCommandStoreBackend = StoreBackend<EngineCommandStore>;

const wall = (s: number): string => new Date(1_700_000_000_000 + s * 1000).toISOString();

/** The behaviour every EngineCommandStore must have; each implementation's test file calls it. */
export function engineCommandStoreContract(name: string, makeBackend: () => EngineCommandStoreBackend): void {
  describe(`EngineCommandStore contract: ${name}`, () => {
    const connect = contractConnections(makeBackend);

    it("has nothing pending at first", () => {
      expect(connect().pending()).toEqual([]);
    });

    it("shows the node what the CLI asked, oldest first, until each is applied", () => {
      const cli = connect();
      const node = connect();
      const a = cli.request("deepseek", "pause", "alice", 1_700_000_001_000);
      const b = cli.request("offline-momentum", "resume", "bob", 1_700_000_002_000);
      expect(b).toBeGreaterThan(a);
      expect(node.pending()).toEqual([
        { id: a, engine: "deepseek", action: "pause", requestedWall: wall(1), requestedBy: "alice" },
        { id: b, engine: "offline-momentum", action: "resume", requestedWall: wall(2), requestedBy: "bob" },
      ]);
      node.applied(a, 1_700_000_003_000, "paused");
      expect(cli.pending().map((c) => c.id)).toEqual([b]);
      node.applied(b, 1_700_000_003_000, 'not applied: no engine "offline-momentum" in this run');
      expect(node.pending()).toEqual([]);
    });

    it("keeps what is pending after every connection closed (a node that restarts finds it)", () => {
      const cli = connect();
      const id = cli.request("deepseek", "pause", "alice", 1_700_000_001_000);
      cli.close();
      expect(
        connect()
          .pending()
          .map((c) => c.id),
      ).toEqual([id]);
    });
  });
}
