import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { backupDatabase } from "../../persistence/database-backup.js";
import { databaseHolders } from "../../persistence/database-holders.js";
import type { CliIo } from "../io.js";
import { dbCopy } from "./db-copy.js";
import { dbMigrate, dbStatus, postgresUrl } from "./db-postgres.js";
import { DEFAULT_DB, databasePath } from "./kill-switch.js";

const ACTIONS = ["holders", "backup", "migrate", "status", "copy"];

interface DbFlags {
  db?: string;
  from?: string;
  to?: string;
  node?: string;
  json?: boolean;
  out?: string;
  url?: string;
}

/**
 * `hydra db holders`: which processes have the node's database open (a "database is locked" names them
 * too); `hydra db backup --out DIR`: a consistent copy while the nodes run; `hydra db migrate|status`:
 * the PostgreSQL schema's versions (HYDRA_DB_URL or --url); `hydra db copy`: a SQLite journal into it.
 */
export function registerDb(program: Command, io: CliIo, outcome: { exitCode: number }): void {
  program
    .command("db")
    .description(
      "the node's database: `holders` lists the processes that have the SQLite file open (pid and command); `backup --out DIR` copies it consistently while the nodes run (with its FTMO checkpoint and trade history); `migrate` brings a PostgreSQL database (HYDRA_DB_URL or --url) to the current schema, `status` lists its migrations, `copy --from sqlite:FILE --to postgres://…` copies a node's records into it, to run it there (and `--from postgres://… --to sqlite:FILE --node ID` back into a new file, to run it on SQLite again)",
    )
    .argument("<action>", ACTIONS.join(", "))
    .option("--db <path>", `SQLite database (default: $HYDRA_DB, else ${DEFAULT_DB})`)
    .option("--url <postgres://…>", "migrate, status: the PostgreSQL database (default: $HYDRA_DB_URL)")
    .option("--out <dir>", "backup: the folder to write the copy into")
    .option(
      "--from <sqlite:FILE|postgres://…>",
      "copy: the node's SQLite database, or PostgreSQL (then --to sqlite:FILE, a new file, gets the node's copy back)",
    )
    .option(
      "--to <postgres://…|sqlite:FILE>",
      "copy: the PostgreSQL database (default: $HYDRA_DB_URL), or a new SQLite file",
    )
    .option("--node <id>", "copy: the node id of the rows (default: $HYDRA_NODE_ID, else host:FILE)")
    .option("--json", "print the result as JSON")
    .action(async (action: string, flags: DbFlags) => {
      if (!ACTIONS.includes(action))
        throw new HydraError("CLI_USAGE", `db: the action must be ${ACTIONS.join(", ")}, got "${action}"`, {
          field: "action",
        });
      if (action === "copy") return dbCopy(flags, process.env, io);
      if (action === "migrate") return dbMigrate(postgresUrl(action, flags.url, process.env), io, flags.json);
      if (action === "status") {
        outcome.exitCode = dbStatus(postgresUrl(action, flags.url, process.env), io, flags.json);
        return;
      }
      const db = databasePath(flags.db, process.env);
      if (action === "backup") {
        if (flags.out === undefined)
          throw new HydraError("CLI_USAGE", "db backup: --out DIR is required", { field: "--out" });
        const files = await backupDatabase(db, flags.out);
        io.out(
          flags.json
            ? `${JSON.stringify({ db, files })}\n`
            : `backed up ${db}:\n${files.map((f) => `  ${f}`).join("\n")}\n`,
        );
        return;
      }
      const holders = databaseHolders(db);
      if (flags.json) {
        io.out(`${JSON.stringify({ db, holders })}\n`);
        return;
      }
      io.out(
        holders.length === 0
          ? `${db}: no process of this user has it open\n`
          : `${db}: open in ${holders.length} process(es)\n${holders.map((h) => `  pid ${h.pid}  ${h.command}`).join("\n")}\n`,
      );
    });
}
