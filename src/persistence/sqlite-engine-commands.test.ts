import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { engineCommandStoreContract } from "./engine-command-store.contract.js";
import { SqliteEngineCommands } from "./sqlite-engine-commands.js";

// the same suite runs on PostgreSQL (postgres/postgres-stores.test.ts)
engineCommandStoreContract("sqlite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-engine-commands-"));
  const file = path.join(dir, "hydra.db");
  return {
    connect: () => SqliteEngineCommands.open(file),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
