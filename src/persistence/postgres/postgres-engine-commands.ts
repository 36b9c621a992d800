import type { EngineAction, EngineCommand, EngineCommandStore } from "../engine-command-store.js";
import type { PgSyncClient } from "./pg-sync-client.js";
import { openPostgres } from "./postgres-database.js";

/**
 * One node's engine commands in PostgreSQL's engine_commands (migration 6): every node's commands sit
 * in the one table under its node id; the CLI on any host asks a node by its id, the node reads its own.
 */
export class PostgresEngineCommands implements EngineCommandStore {
  constructor(
    private readonly client: PgSyncClient,
    readonly nodeId: string,
    private readonly ownsClient = false,
  ) {}

  static open(url: string, nodeId: string, nowWallMs: number): PostgresEngineCommands {
    return new PostgresEngineCommands(openPostgres(url, nowWallMs), nodeId, true);
  }

  request(engine: string, action: EngineAction, by: string, wallMs: number): number {
    return this.client.query<{ id: number }>(
      `INSERT INTO engine_commands (node_id, engine, action, requested_wall, requested_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [this.nodeId, engine, action, new Date(wallMs).toISOString(), by],
    ).rows[0]!.id;
  }

  pending(): EngineCommand[] {
    return this.client
      .query<{
        id: number;
        engine: string;
        action: EngineAction;
        requested_wall: string;
        requested_by: string;
      }>(
        `SELECT id, engine, action, requested_wall, requested_by FROM engine_commands
         WHERE node_id = $1 AND applied_wall IS NULL ORDER BY id`,
        [this.nodeId],
      )
      .rows.map((r) => ({
        id: r.id,
        engine: r.engine,
        action: r.action,
        requestedWall: r.requested_wall,
        requestedBy: r.requested_by,
      }));
  }

  applied(id: number, wallMs: number, outcome: string): void {
    this.client.query(
      "UPDATE engine_commands SET applied_wall = $1, outcome = $2 WHERE id = $3 AND node_id = $4",
      [new Date(wallMs).toISOString(), outcome, id, this.nodeId],
    );
  }

  close(): void {
    if (this.ownsClient) this.client.close();
  }
}
