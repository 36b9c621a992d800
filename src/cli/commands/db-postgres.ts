import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { checkedPostgresUrl, redactDbUrl } from "../../persistence/postgres/db-url.js";
import { migrate, migrationStatus } from "../../persistence/postgres/migrations.js";
import { PgSyncClient } from "../../persistence/postgres/pg-sync-client.js";
import type { Env } from "../../risk/kill-switch/kill-switch-env.js";
import type { CliIo } from "../io.js";

/** --url, else HYDRA_DB_URL; a usage error (naming both) when neither gives a PostgreSQL address. */
export function postgresUrl(action: string, flag: string | undefined, env: Env): string {
  const url = flag ?? (env.HYDRA_DB_URL === "" ? undefined : env.HYDRA_DB_URL);
  if (url === undefined)
    throw new HydraError(
      "CLI_USAGE",
      `db ${action}: needs a PostgreSQL database: --url postgres://… or HYDRA_DB_URL (SQLite creates its tables when a node opens it)`,
      { field: "--url" },
    );
  try {
    return checkedPostgresUrl(url, flag === undefined ? "HYDRA_DB_URL" : "--url");
  } catch (e) {
    if (e instanceof HydraError) throw new HydraError("CLI_USAGE", e.message, { ...e.details }, e);
    throw e;
  }
}

const iso = (ms: number | null): string =>
  ms === null ? "pending" : `applied ${new Date(ms).toISOString()}`;

/** `hydra db migrate`: applies the pending migrations (the nodes do it at start too) and says which. */
export function dbMigrate(url: string, io: CliIo, json: boolean | undefined): void {
  const client = new PgSyncClient(url);
  try {
    const applied = migrate(client, new LiveClock().now());
    const states = migrationStatus(client);
    if (json) io.out(`${JSON.stringify({ db: redactDbUrl(url), applied, migrations: states })}\n`);
    else
      io.out(
        applied.length === 0
          ? `${redactDbUrl(url)}: up to date (version ${states.at(-1)?.version ?? 0})\n`
          : `${redactDbUrl(url)}: applied ${applied.map((v) => `#${v}`).join(", ")}; now at version ${states.at(-1)?.version ?? 0}\n`,
      );
  } finally {
    client.close();
  }
}

/** `hydra db status`: each migration, applied (when) or pending. Exit 1 when some are pending. */
export function dbStatus(url: string, io: CliIo, json: boolean | undefined): number {
  const client = new PgSyncClient(url);
  try {
    const states = migrationStatus(client);
    const pending = states.filter((s) => s.appliedAt === null).length;
    if (json) io.out(`${JSON.stringify({ db: redactDbUrl(url), pending, migrations: states })}\n`);
    else
      io.out(
        `${redactDbUrl(url)}: ${pending === 0 ? "up to date" : `${pending} migration(s) pending (hydra db migrate, or start a node)`}\n${states
          .map((s) => `  #${s.version} ${s.name}: ${iso(s.appliedAt)}\n`)
          .join("")}`,
      );
    return pending === 0 ? 0 : 1;
  } finally {
    client.close();
  }
}
