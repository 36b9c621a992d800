import { describe, expect, it } from "vitest";
import { isHydraError } from "../../core/errors.js";
import { killSwitchStoreContract } from "../../risk/kill-switch/kill-switch-store.contract.js";
import type { KillSwitchStore } from "../../risk/kill-switch/kill-switch-store.js";
import { processRegistryContract } from "../../risk/kill-switch/process-registry.contract.js";
import type { ProcessRegistry } from "../../risk/kill-switch/process-registry.js";
import { PG_SKIP_REASON, testCluster } from "../test-support/pg-test-cluster.js";
import { MIGRATIONS, type Migration, migrate, migrationStatus } from "./migrations.js";
import { PgSyncClient } from "./pg-sync-client.js";
import { PostgresKillSwitchStore } from "./postgres-kill-switch-store.js";
import { type NodeIdentity, PostgresProcessRegistry } from "./postgres-process-registry.js";

// persistence cannot import risk, so the classes do not say `implements`: check it here.
const fitsStore = (s: PostgresKillSwitchStore): KillSwitchStore => s;
const fitsRegistry = (r: PostgresProcessRegistry): ProcessRegistry => r;
const host = (name: string): NodeIdentity => ({ host: name, nodeId: (pid) => `${name}/${pid}` });

if (PG_SKIP_REASON !== undefined) {
  console.warn(`skipping the PostgreSQL store tests: ${PG_SKIP_REASON}`);
  describe.skip(`PostgreSQL stores (${PG_SKIP_REASON})`, () => {
    it("needs PostgreSQL", () => {});
  });
} else {
  // the same contract suites as SQLite's, on a real PostgreSQL (a fresh database for each test)
  killSwitchStoreContract("postgres", () => {
    const url = testCluster().newDatabase();
    return { connect: () => fitsStore(PostgresKillSwitchStore.open(url, 1)), cleanup: () => {} };
  });
  processRegistryContract("postgres", () => {
    const url = testCluster().newDatabase();
    return {
      connect: () => fitsRegistry(PostgresProcessRegistry.open(url, host("h1"), 1)),
      cleanup: () => {},
    };
  });

  describe("PostgreSQL migrations", () => {
    const extra: Migration = { version: 2, name: "test step", sql: "CREATE TABLE step_two (x INTEGER)" };

    it("applies the pending steps once, in order, and reports each with the time it was applied", () => {
      const c = new PgSyncClient(testCluster().newDatabase());
      try {
        expect(migrationStatus(c)).toEqual(
          MIGRATIONS.map(({ version, name }) => ({ version, name, appliedAt: null })),
        );
        expect(migrate(c, 1_000)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(migrate(c, 2_000)).toEqual([]);
        expect(migrate(c, 3_000, [...MIGRATIONS, extra])).toEqual([2]);
        expect(migrationStatus(c, [...MIGRATIONS, extra]).map((s) => s.appliedAt)).toEqual([
          ...MIGRATIONS.map(() => 1_000),
          3_000,
        ]);
        expect(c.query("SELECT count(*)::int AS n FROM step_two").rows).toEqual([{ n: 0 }]);
      } finally {
        c.close();
      }
    });

    it("applies nothing of a batch whose step fails (one transaction), naming the database's error", () => {
      const c = new PgSyncClient(testCluster().newDatabase());
      const broken: Migration = { version: 2, name: "broken", sql: "CREATE TABLE oops (x NOTATYPE)" };
      try {
        let err: unknown;
        try {
          migrate(c, 1, [...MIGRATIONS, broken]);
        } catch (e) {
          err = e;
        }
        expect(isHydraError(err) && err.code).toBe("STORAGE");
        expect((err as Error).message).toMatch(/notatype/);
        expect(migrationStatus(c).every((s) => s.appliedAt === null)).toBe(true);
      } finally {
        c.close();
      }
    });
  });

  describe("PostgreSQL node registry across hosts", () => {
    it("keeps the same pid of two hosts apart, each row with its host and node id", () => {
      const url = testCluster().newDatabase();
      const a = PostgresProcessRegistry.open(url, host("alpha"), 1);
      const b = PostgresProcessRegistry.open(url, host("beta"), 1);
      try {
        const p = { pid: 42, name: "hydra run", startedAt: 10, lastPollAt: 10, halted: false };
        a.register(p);
        b.register({ ...p, startedAt: 20, lastPollAt: 20 });
        a.heartbeat(42, 30, true);
        b.unregister(42);
        expect(a.list()).toEqual([{ ...p, lastPollAt: 30, halted: true, host: "alpha", node: "alpha/42" }]);
      } finally {
        a.close();
        b.close();
      }
    });
  });
}
