import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSqlite } from "../sqlite-database.js";

/** A temporary folder with one SQLite database per node id (as each node has its own file). */
export function sqliteNodeFiles(): {
  file(nodeId: string): string;
  rows<R>(nodeId: string, sql: string): R[];
  cleanup(): void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-node-store-"));
  const file = (nodeId: string): string => path.join(dir, `${nodeId}.db`);
  return {
    file,
    rows: <R>(nodeId: string, sql: string): R[] => {
      const db = openSqlite(file(nodeId));
      try {
        return db.prepare(sql).all() as R[];
      } finally {
        db.close();
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
