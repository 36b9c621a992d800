import type { RunRegistry } from "../run-registry.js";
import { highestId } from "./pg-rows.js";
import { pgGuarded } from "./pg-store-guard.js";
import type { PgSyncClient } from "./pg-sync-client.js";

/**
 * One node's runs in PostgreSQL's node_runs (migration 9), numbered per node id as each SQLite file
 * numbers its own: counted on from the highest at open (one process writes a node id at a time), so a
 * run's number never waits for an answer; the insert is idempotent.
 */
export class PostgresRunRegistry implements RunRegistry {
  private lastId: number;
  private closed = false;
  private readonly where: string;

  constructor(
    private readonly client: PgSyncClient,
    readonly nodeId: string,
  ) {
    this.where = `node_runs of node ${nodeId}`;
    this.lastId = pgGuarded(false, "cannot open the run registry", this.where, () =>
      highestId(client, "node_runs", nodeId),
    );
  }

  startRun(command: string, mode: string, wallMs: number): number {
    return pgGuarded(this.closed, "cannot number the run", this.where, () => {
      const id = this.lastId + 1;
      this.client.write(
        `INSERT INTO node_runs (node_id, id, command, mode, started_at_wall) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [this.nodeId, id, command, mode, Math.round(wallMs)],
      );
      this.lastId = id;
      return id;
    });
  }

  close(): void {
    this.closed = true;
  }
}
