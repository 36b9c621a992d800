import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { optimizeStoreContract } from "./optimize-store.contract.js";
import { SqliteOptimizeStore } from "./sqlite-optimize-store.js";

// the same suite runs on PostgreSQL (postgres/postgres-stores.test.ts)
optimizeStoreContract("sqlite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-opt-"));
  const file = path.join(dir, "hydra.db");
  return {
    connect: () => new SqliteOptimizeStore(file),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
