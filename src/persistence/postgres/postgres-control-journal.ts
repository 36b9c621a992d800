import type { ControlJournal } from "../control-journal.js";
import { highestId } from "./pg-rows.js";
import { pgGuarded } from "./pg-store-guard.js";
import type { PgSyncClient } from "./pg-sync-client.js";

/**
 * One node's control journal in PostgreSQL's control_actions (migration 6), under its node id. Ids are
 * the node's own, counted on from the highest at open (one process writes a node id at a time), so a
 * record never waits for an answer; the insert is idempotent (a write applied twice adds one row).
 */
export class PostgresControlJournal implements ControlJournal {
  private lastId: number;
  private closed = false;
  private readonly where: string;

  constructor(
    private readonly client: PgSyncClient,
    readonly nodeId: string,
  ) {
    this.where = `control_actions of node ${nodeId}`;
    this.lastId = pgGuarded(false, "cannot open the control journal", this.where, () =>
      highestId(client, "control_actions", nodeId),
    );
  }

  record(wallMs: number, node: string, who: string, action: string): void {
    pgGuarded(this.closed, "cannot record a control action", this.where, () => {
      const id = this.lastId + 1;
      this.client.write(
        `INSERT INTO control_actions (node_id, id, at_wall, node, who, action) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING`,
        [this.nodeId, id, new Date(wallMs).toISOString(), node, who, action],
      );
      this.lastId = id;
    });
  }

  close(): void {
    this.closed = true;
  }
}
