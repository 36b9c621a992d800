import { existsSync } from "node:fs";
import path from "node:path";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { redactDbUrl } from "../../persistence/postgres/db-url.js";
import { JournalReplication } from "../../persistence/postgres/journal-replication.js";
import { restoreNodeFile } from "../../persistence/postgres/journal-restore.js";
import { openPostgres } from "../../persistence/postgres/postgres-database.js";
import { SqliteHydraJournal } from "../../persistence/sqlite-hydra-journal.js";
import type { Env } from "../../risk/kill-switch/kill-switch-env.js";
import { FileCheckpointStore } from "../../runtime/ftmo/file-checkpoint-store.js";
import { checkpointPathOf } from "../../runtime/ftmo/ftmo-checkpoint.js";
import { PostgresCheckpointStore } from "../../runtime/ftmo/postgres-checkpoint-store.js";
import { nodeIdentity } from "../../runtime/node/shared-stores.js";
import type { CliIo } from "../io.js";
import { postgresUrl } from "./db-postgres.js";

/** `sqlite:FILE` (or a plain path) → the file; it must exist. */
function sqliteFile(from: string | undefined): string {
  if (from === undefined)
    throw new HydraError("CLI_USAGE", "db copy: --from sqlite:FILE is required", { field: "--from" });
  const file = path.resolve(from.startsWith("sqlite:") ? from.slice("sqlite:".length) : from);
  if (!existsSync(file))
    throw new HydraError("CLI_USAGE", `db copy: --from: no such SQLite file ${file}`, { field: "--from" });
  return file;
}

/**
 * `hydra db copy --from sqlite:FILE --to postgres://…`: a node's records (HYDRA journal and state, FTMO
 * journal and checkpoint, alerts, control journal, run numbers) into PostgreSQL under
 * its node id (--node, else HYDRA_NODE_ID, else host:FILE — the id the node itself uses there, so that
 * a node moved to PostgreSQL goes on where the copy ended). Copying again adds only what is new.
 */
export function dbCopy(
  flags: { from?: string; to?: string; node?: string; json?: boolean },
  env: Env,
  io: CliIo,
): void {
  if (/^postgres(ql)?:/.test(flags.from ?? "")) {
    dbRestore(flags, env, io);
    return;
  }
  const file = sqliteFile(flags.from);
  const url = postgresUrl("copy", flags.to, env);
  const nodeId = flags.node ?? nodeIdentity(env, file).nodeId;
  const journal = SqliteHydraJournal.open(file);
  try {
    const pg = openPostgres(url, new LiveClock().now());
    try {
      const copied = new JournalReplication(journal.db, pg, nodeId).sync();
      // the FTMO half's checkpoint is a file beside the database: it goes to ftmo_checkpoints
      const checkpoint = new FileCheckpointStore(checkpointPathOf(file)).read();
      if (checkpoint !== undefined) new PostgresCheckpointStore(pg, nodeId).write(checkpoint);
      copied.ftmo_checkpoints = checkpoint === undefined ? 0 : 1;
      if (flags.json)
        io.out(`${JSON.stringify({ from: file, to: redactDbUrl(url), node: nodeId, copied })}\n`);
      else
        io.out(
          `copied ${file} to ${redactDbUrl(url)} as node ${nodeId}:\n${Object.entries(copied)
            .map(([t, n]) => `  ${t}: ${n} row(s)\n`)
            .join("")}`,
        );
    } finally {
      pg.close();
    }
  } finally {
    journal.close();
  }
}

/**
 * `hydra db copy --from postgres://… --to sqlite:FILE --node ID`: the node's records back into a new
 * SQLite file (with their ids) and its FTMO checkpoint beside it, so that the
 * node resumes on another host: `HYDRA_NODE_ID=ID hydra run --db FILE` there.
 */
function dbRestore(
  flags: { from?: string; to?: string; node?: string; json?: boolean },
  env: Env,
  io: CliIo,
): void {
  const url = postgresUrl("copy", flags.from, env);
  if (flags.to === undefined || !flags.to.startsWith("sqlite:"))
    throw new HydraError("CLI_USAGE", "db copy: from PostgreSQL, --to sqlite:FILE (a new file) is required", {
      field: "--to",
    });
  const file = path.resolve(flags.to.slice("sqlite:".length));
  const nodeId = flags.node ?? env.HYDRA_NODE_ID;
  if (nodeId === undefined || nodeId === "")
    throw new HydraError(
      "CLI_USAGE",
      "db copy: from PostgreSQL, --node ID (or HYDRA_NODE_ID) names the node to copy",
      {
        field: "--node",
      },
    );
  const pg = openPostgres(url, new LiveClock().now());
  try {
    const copied = restoreNodeFile(pg, file, nodeId);
    const checkpoint = new PostgresCheckpointStore(pg, nodeId).read();
    if (checkpoint !== undefined) new FileCheckpointStore(checkpointPathOf(file)).write(checkpoint);
    copied.ftmo_checkpoints = checkpoint === undefined ? 0 : 1;
    if (flags.json) io.out(`${JSON.stringify({ from: redactDbUrl(url), to: file, node: nodeId, copied })}\n`);
    else
      io.out(
        `copied node ${nodeId} from ${redactDbUrl(url)} to ${file}:\n${Object.entries(copied)
          .map(([t, n]) => `  ${t}: ${n} row(s)\n`)
          .join("")}start it there with HYDRA_NODE_ID=${nodeId} and --db ${file}\n`,
      );
  } finally {
    pg.close();
  }
}
