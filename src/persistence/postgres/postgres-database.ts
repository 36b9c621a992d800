import { migrate } from "./migrations.js";
import { PgSyncClient } from "./pg-sync-client.js";

/**
 * Opens a connection to HYDRA's PostgreSQL database and brings its schema up to date (the pending
 * migrations are applied at start, by whichever node comes first).
 */
export function openPostgres(url: string, nowWallMs: number): PgSyncClient {
  const client = new PgSyncClient(url);
  try {
    migrate(client, nowWallMs);
    return client;
  } catch (e) {
    client.close();
    throw e;
  }
}
