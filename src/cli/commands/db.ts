import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { databaseHolders } from "../../persistence/database-holders.js";
import type { CliIo } from "../io.js";
import { DEFAULT_DB, databasePath } from "./kill-switch.js";

/** `hydra db holders`: which processes have the node's database open (a "database is locked" names them too). */
export function registerDb(program: Command, io: CliIo): void {
  program
    .command("db")
    .description(
      "the node's SQLite database: `holders` lists the processes that have it open (pid and command)",
    )
    .argument("<action>", "holders")
    .option("--db <path>", `SQLite database (default: $HYDRA_DB, else ${DEFAULT_DB})`)
    .option("--json", "print the processes as JSON")
    .action((action: string, flags: { db?: string; json?: boolean }) => {
      if (action !== "holders")
        throw new HydraError("CLI_USAGE", `db: the action must be holders, got "${action}"`, {
          field: "action",
        });
      const db = databasePath(flags.db, process.env);
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
