import { HydraError } from "../../core/errors.js";
import type { PgSyncClient } from "../../persistence/postgres/pg-sync-client.js";
import type { CheckpointStore } from "./checkpoint-store.js";
import { checkpointText, type FtmoCheckpoint, parseCheckpoint } from "./ftmo-checkpoint.js";

/**
 * The checkpoint in PostgreSQL's ftmo_checkpoints (migration 10), one row per node: replaced in one
 * statement, so a restart reads the previous checkpoint or the new one. Does not own the connection.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly where: string;

  constructor(
    private readonly client: PgSyncClient,
    readonly nodeId: string,
  ) {
    this.where = `ftmo_checkpoints (node ${nodeId})`;
  }

  read(): FtmoCheckpoint | undefined {
    const row = this.guard("read the checkpoint", () =>
      this.client.query<{ json: string }>("SELECT json FROM ftmo_checkpoints WHERE node_id = $1", [
        this.nodeId,
      ]),
    ).rows[0];
    if (row === undefined) return undefined;
    const literal = `'${this.nodeId.replaceAll("'", "''")}'`;
    return parseCheckpoint(row.json, {
      where: this.where,
      details: { table: "ftmo_checkpoints", nodeId: this.nodeId },
      remedy: `restore it from a backup of the database, or delete the row (DELETE FROM ftmo_checkpoints WHERE node_id = ${literal}) to start the challenge afresh`,
    });
  }

  write(c: FtmoCheckpoint): void {
    this.guard("write the checkpoint", () =>
      this.client.write(
        `INSERT INTO ftmo_checkpoints (node_id, json, saved_wall) VALUES ($1, $2, $3)
         ON CONFLICT (node_id) DO UPDATE SET json = excluded.json, saved_wall = excluded.saved_wall`,
        [this.nodeId, checkpointText(c), Date.parse(c.wallTime)],
      ),
    );
  }

  private guard<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw new HydraError(
        "STORAGE",
        `${this.where}: cannot ${what}: ${e instanceof Error ? e.message : String(e)}`,
        { ...(e instanceof HydraError ? e.details : {}), table: "ftmo_checkpoints", nodeId: this.nodeId },
        e,
      );
    }
  }
}
