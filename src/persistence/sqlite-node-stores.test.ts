import { type ControlActionRow, controlJournalContract } from "./control-journal.contract.js";
import { nodeLivesContract } from "./node-lives.contract.js";
import { type NodeRunRow, runRegistryContract } from "./run-registry.contract.js";
import { SqliteControlJournal } from "./sqlite-control-journal.js";
import { SqliteNodeLives } from "./sqlite-node-lives.js";
import { SqliteRunRegistry } from "./sqlite-run-registry.js";
import { sqliteNodeFiles } from "./test-support/sqlite-node-files.js";

// the small stores a node writes at start and stop; the same suites run on PostgreSQL
// (postgres/postgres-node-stores.test.ts)
controlJournalContract("sqlite", () => {
  const files = sqliteNodeFiles();
  return {
    connect: (nodeId) => SqliteControlJournal.open(files.file(nodeId)),
    rows: (nodeId) =>
      files.rows<ControlActionRow>(
        nodeId,
        "SELECT id, at_wall, node, who, action FROM control_actions ORDER BY id",
      ),
    cleanup: files.cleanup,
  };
});

nodeLivesContract("sqlite", () => {
  const files = sqliteNodeFiles();
  return { connect: (nodeId) => new SqliteNodeLives(files.file(nodeId)), cleanup: files.cleanup };
});

runRegistryContract("sqlite", () => {
  const files = sqliteNodeFiles();
  return {
    connect: (nodeId) => new SqliteRunRegistry(files.file(nodeId)),
    rows: (nodeId) =>
      files.rows<NodeRunRow>(nodeId, "SELECT id, command, mode, started_at_wall FROM node_runs ORDER BY id"),
    cleanup: files.cleanup,
  };
});
