import { describe, expect, it } from "vitest";
import { isHydraError } from "../../core/errors.js";
import { contractConnections, type StoreBackend } from "../../core/test-support/contract-connections.js";
import { type KillSwitchStore, NEVER_SET } from "./kill-switch-store.js";

export type KillSwitchStoreBackend = StoreBackend<KillSwitchStore>;

function storageCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return isHydraError(e) ? e.code : `not a HydraError: ${String(e)}`;
  }
  return "nothing thrown";
}

/**
 * The behaviour every KillSwitchStore must have, whatever keeps the record. Each implementation's test
 * file calls this with a factory of fresh backends.
 */
export function killSwitchStoreContract(name: string, makeBackend: () => KillSwitchStoreBackend): void {
  describe(`KillSwitchStore contract: ${name}`, () => {
    const connect = contractConnections(makeBackend);

    it("reads the never-set record from an empty store", () => {
      expect(connect().read()).toEqual(NEVER_SET);
    });

    it("returns what it writes and reads it back", () => {
      const s = connect();
      const on = s.write(true, "news spike", 1_700_000_000_123, "cli");
      expect(on).toEqual({
        active: true,
        reason: "news spike",
        updatedAt: 1_700_000_000_123,
        updatedBy: "cli",
      });
      expect(s.read()).toEqual(on);
      const off = s.write(false, "", 1_700_000_001_000, "ops");
      expect(s.read()).toEqual(off);
      expect(s.read().active).toBe(false);
    });

    it("keeps text as written (quotes, unicode, empty)", () => {
      const s = connect();
      const reason = `it's "down" — 停止; DROP TABLE guardian_state; --`;
      s.write(true, reason, 1, "o'brien");
      expect(s.read()).toMatchObject({ reason, updatedBy: "o'brien" });
      s.write(true, "", 2, "");
      expect(s.read()).toMatchObject({ reason: "", updatedBy: "" });
    });

    it("lets another connection see each write (another process flips the switch)", () => {
      const a = connect();
      const b = connect();
      expect(b.read().active).toBe(false);
      a.write(true, "from a", 10, "a");
      expect(b.read()).toEqual({ active: true, reason: "from a", updatedAt: 10, updatedBy: "a" });
      b.write(false, "from b", 20, "b");
      expect(a.read()).toEqual({ active: false, reason: "from b", updatedAt: 20, updatedBy: "b" });
    });

    it("keeps the record after every connection closed (persists)", () => {
      const a = connect();
      a.write(true, "persist", 5, "cli");
      a.close();
      expect(connect().read()).toEqual({ active: true, reason: "persist", updatedAt: 5, updatedBy: "cli" });
    });

    it("rejects a time that is not epoch ms, and keeps the record", () => {
      const s = connect();
      s.write(true, "kept", 7, "cli");
      for (const t of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY])
        expect(storageCode(() => s.write(false, "x", t, "cli"))).toBe("STORAGE");
      expect(s.read()).toMatchObject({ active: true, reason: "kept" });
    });

    it("closes idempotently; using a closed store is a STORAGE error", () => {
      const s = connect();
      s.close();
      s.close();
      expect(storageCode(() => s.read())).toBe("STORAGE");
      expect(storageCode(() => s.write(true, "x", 1, "cli"))).toBe("STORAGE");
    });
  });
}
