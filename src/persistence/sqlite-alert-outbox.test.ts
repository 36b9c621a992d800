import { alertOutboxContract } from "./alert-outbox.contract.js";
import { SqliteAlertOutbox } from "./sqlite-alert-outbox.js";
import { sqliteNodeFiles } from "./test-support/sqlite-node-files.js";

// the same suite runs on PostgreSQL (postgres/postgres-node-stores.test.ts)
alertOutboxContract("sqlite", () => {
  const files = sqliteNodeFiles();
  return {
    connect: (nodeId) => SqliteAlertOutbox.open(files.file(nodeId)),
    withKeep: (nodeId, keep) => SqliteAlertOutbox.open(files.file(nodeId), keep),
    cleanup: files.cleanup,
  };
});
