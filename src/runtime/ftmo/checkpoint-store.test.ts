import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bareCheckpoint, checkpointStoreContract } from "./checkpoint-store.contract.js";
import { FileCheckpointStore } from "./file-checkpoint-store.js";
import { checkpointPathOf } from "./ftmo-checkpoint.js";

// a file per node, beside its database (each node has its own); the same suite runs on PostgreSQL
// (persistence/postgres/postgres-trading-journal.test.ts)
checkpointStoreContract("file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-checkpoint-"));
  const fileOf = (nodeId: string): string => checkpointPathOf(path.join(dir, `${nodeId}.db`));
  return {
    connect: (nodeId) => Object.assign(new FileCheckpointStore(fileOf(nodeId)), { close: () => {} }),
    corrupt: (nodeId, text) => writeFileSync(fileOf(nodeId), text),
    raw: (nodeId) => (existsSync(fileOf(nodeId)) ? readFileSync(fileOf(nodeId), "utf8") : undefined),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("the checkpoint file", () => {
  it("is readable JSON beside the database, replaced without a temporary file left over", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-checkpoint-"));
    try {
      const s = new FileCheckpointStore(checkpointPathOf(path.join(dir, "h.db")));
      expect(s.where).toBe(path.join(dir, "h.db.ftmo-checkpoint.json"));
      for (const runId of [1, 2]) s.write(bareCheckpoint({ runId }));
      expect(readdirSync(dir)).toEqual(["h.db.ftmo-checkpoint.json"]);
      expect(JSON.parse(readFileSync(s.where, "utf8"))).toMatchObject({ runId: 2, balance: 100_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
