import { describe, expect, it } from "vitest";
import { contractConnections, type StoreBackend } from "../../core/test-support/contract-connections.js";
import type { NodeProcess, ProcessRegistry } from "./process-registry.js";

export type ProcessRegistryBackend = StoreBackend<ProcessRegistry>;

const proc = (pid: number, name: string, at: number): NodeProcess => ({
  pid,
  name,
  startedAt: at,
  lastPollAt: at,
  halted: false,
});

/** The behaviour every ProcessRegistry must have; each implementation's test file calls it. */
export function processRegistryContract(name: string, makeBackend: () => ProcessRegistryBackend): void {
  describe(`ProcessRegistry contract: ${name}`, () => {
    const connect = contractConnections(makeBackend);

    it("lists nothing at first, then the registered processes in the order they started", () => {
      const r = connect();
      expect(r.list()).toEqual([]);
      r.register(proc(200, "ftmo", 2_000));
      r.register(proc(100, "hydra run", 1_000));
      expect(r.list().map((p) => [p.pid, p.name, p.startedAt])).toEqual([
        [100, "hydra run", 1_000],
        [200, "ftmo", 2_000],
      ]);
    });

    it("records each heartbeat (wall time, halted) and shows it to another connection", () => {
      const a = connect();
      const b = connect();
      a.register(proc(7, "demo", 1_700_000_000_000));
      a.heartbeat(7, 1_700_000_000_500, true);
      expect(b.list()).toMatchObject([
        { pid: 7, name: "demo", startedAt: 1_700_000_000_000, lastPollAt: 1_700_000_000_500, halted: true },
      ]);
      a.heartbeat(7, 1_700_000_001_000, false);
      expect(b.list()[0]).toMatchObject({ lastPollAt: 1_700_000_001_000, halted: false });
    });

    it("registers a pid again as a new process (a restarted node reusing a pid)", () => {
      const r = connect();
      r.register({ ...proc(9, "paper", 1), halted: true });
      r.register(proc(9, "trade", 5));
      expect(r.list()).toMatchObject([{ pid: 9, name: "trade", startedAt: 5, halted: false }]);
    });

    it("forgets an unregistered process and keeps the others, after every connection closed", () => {
      const a = connect();
      a.register(proc(1, "a", 1));
      a.register(proc(2, "b", 2));
      a.unregister(1);
      a.unregister(12345);
      a.close();
      expect(
        connect()
          .list()
          .map((p) => p.pid),
      ).toEqual([2]);
    });
  });
}
