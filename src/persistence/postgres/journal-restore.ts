import { existsSync } from "node:fs";
import { HydraError } from "../../core/errors.js";
import { SqliteAlertOutbox } from "../sqlite-alert-outbox.js";
import { SqliteControlJournal } from "../sqlite-control-journal.js";
import { openSqlite } from "../sqlite-database.js";
import { SqliteHydraJournal } from "../sqlite-hydra-journal.js";
import { SqliteHydraState } from "../sqlite-hydra-state.js";
import { NODE_LIVES_SCHEMA } from "../sqlite-node-lives.js";
import { NODE_RUNS_SCHEMA } from "../sqlite-run-registry.js";
import { SqliteTradingJournal } from "../sqlite-trading-journal.js";
import { COPIED_TABLES } from "./journal-replication.js";
import type { PgSyncClient } from "./pg-sync-client.js";

/**
 * Writes a node's records in PostgreSQL into a new SQLite file (the reverse of the copy): the tables
 * the copy carries, each row with its id, so that the node started on the new file resumes where it
 * stopped. `file` must not exist yet. Returns the rows written, by table.
 */
export function restoreNodeFile(pg: PgSyncClient, file: string, nodeId: string): Record<string, number> {
  if (existsSync(file))
    throw new HydraError(
      "CLI_USAGE",
      `db copy: --to ${file} exists; the node's copy is written into a new file`,
      {
        field: "--to",
      },
    );
  const known = pg.query<{ n: number }>(
    "SELECT (SELECT COUNT(*) FROM hydra_state WHERE node_id = $1) + (SELECT COUNT(*) FROM hydra_trades WHERE node_id = $1) + (SELECT COUNT(*) FROM node_runs WHERE node_id = $1) AS n",
    [nodeId],
  ).rows[0]!.n;
  if (known === 0) {
    const nodes = pg
      .query<{ node_id: string }>(
        "SELECT node_id FROM hydra_state UNION SELECT node_id FROM hydra_trades UNION SELECT node_id FROM node_runs ORDER BY node_id",
      )
      .rows.map((r) => r.node_id);
    throw new HydraError(
      "CLI_USAGE",
      `db copy: no node "${nodeId}" in the database (nodes: ${nodes.join(", ") || "none"}); name one with --node`,
      { field: "--node" },
    );
  }
  // the tables, as the node's stores create them
  for (const s of [
    SqliteHydraJournal.open(file),
    SqliteHydraState.open(file),
    SqliteAlertOutbox.open(file),
    SqliteControlJournal.open(file),
    SqliteTradingJournal.open(file),
  ])
    s.close();
  const db = openSqlite(file);
  try {
    db.exec(NODE_RUNS_SCHEMA);
    db.exec(NODE_LIVES_SCHEMA);
    const written: Record<string, number> = {};
    db.transaction(() => {
      for (const table of COPIED_TABLES) {
        const local = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
          (c) => c.name,
        );
        const remote = new Set(
          pg
            .query<{ column_name: string }>(
              "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
              [table],
            )
            .rows.map((r) => r.column_name),
        );
        const cols = local.filter((c) => remote.has(c));
        const rows = pg.query<Record<string, unknown>>(
          `SELECT ${cols.join(", ")} FROM ${table} WHERE node_id = $1`,
          [nodeId],
        ).rows;
        const ins = db.prepare(
          `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
        );
        for (const r of rows) ins.run(...cols.map((c) => r[c]));
        written[table] = rows.length;
      }
    })();
    return written;
  } finally {
    db.close();
  }
}
