import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hydraJournalContract } from "./hydra-journal.contract.js";
import { hydraStateContract } from "./hydra-state.contract.js";
import { openSqlite, type SqliteDatabase } from "./sqlite-database.js";
import { SqliteHydraJournal } from "./sqlite-hydra-journal.js";
import { SqliteHydraState } from "./sqlite-hydra-state.js";

/** a folder of SQLite files, one per node (a node's journal and state share its file, as `hydra run` has them) */
function sqliteNodes() {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-journal-"));
  const file = (nodeId: string) => path.join(dir, `${nodeId}.db`);
  const readers: SqliteDatabase[] = [];
  return {
    file,
    reader: (nodeId: string) => {
      const db = openSqlite(file(nodeId));
      readers.push(db);
      return db;
    },
    cleanup: () => {
      for (const db of readers) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// the same suites run on PostgreSQL (postgres/postgres-hydra-journal.test.ts)
hydraJournalContract("sqlite", () => {
  const nodes = sqliteNodes();
  return { ...nodes, connect: (nodeId, wall) => SqliteHydraJournal.open(nodes.file(nodeId), wall) };
});

hydraStateContract("sqlite", () => {
  const nodes = sqliteNodes();
  return { ...nodes, connect: (nodeId) => SqliteHydraState.open(nodes.file(nodeId)) };
});
