import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { processRegistryContract } from "../risk/kill-switch/process-registry.contract.js";
import type { ProcessRegistry } from "../risk/kill-switch/process-registry.js";
import { SqliteProcessRegistry } from "./sqlite-process-registry.js";

const fits = (r: SqliteProcessRegistry): ProcessRegistry => r;

processRegistryContract("sqlite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-registry-"));
  const file = path.join(dir, "hydra.db");
  return {
    connect: () => fits(SqliteProcessRegistry.open(file)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
