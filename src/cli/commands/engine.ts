import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import type { EngineAction } from "../../persistence/engine-command-store.js";
import { postgresUrlFromEnv, redactDbUrl } from "../../persistence/postgres/db-url.js";
import { PostgresEngineCommands } from "../../persistence/postgres/postgres-engine-commands.js";
import { SqliteEngineCommands } from "../../persistence/sqlite-engine-commands.js";
import { nodeIdentity, openSharedStores } from "../../runtime/node/shared-stores.js";
import type { CliIo } from "../io.js";
import { DEFAULT_DB, databasePath } from "./kill-switch.js";

type Env = Readonly<Record<string, string | undefined>>;
const ACTIONS: readonly EngineAction[] = ["pause", "resume"];

/**
 * `hydra engine pause|resume <id>`: pauses an engine of a running `hydra run` (its circuit breaker opens
 * until resumed: it is not asked, its positions keep their stops) or resumes one the breaker paused. The
 * command is journalled in the shared database (engine_commands: who, when) and the run applies it within
 * a second.
 */
export function registerEngine(program: Command, io: CliIo, env: Env = process.env): void {
  program
    .command("engine")
    .description(
      "pause or resume one engine of a running hydra run (its circuit breaker); applied within a second, journalled with who and when",
    )
    .argument("<action>", "pause or resume")
    .argument(
      "<id>",
      "the engine's id, as the run's table and log show it (e.g. deepseek, local-llama3-1-8b)",
    )
    .option(
      "--db <path>",
      `SQLite database of the run (default: $HYDRA_DB, else ${DEFAULT_DB}); on PostgreSQL, names the node when --node does not`,
    )
    .option(
      "--node <id>",
      "on PostgreSQL (HYDRA_DB_URL): the node to ask, on any host (default: HYDRA_NODE_ID, else this host's node of --db)",
    )
    .action((action: string, id: string, flags: { db?: string; node?: string }) => {
      if (!(ACTIONS as readonly string[]).includes(action))
        throw new HydraError("CLI_USAGE", `engine: the action must be pause or resume, got "${action}"`, {
          field: "action",
        });
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
        throw new HydraError("CLI_USAGE", `engine: "${id}" is not an engine id (letters, digits, - and _)`, {
          field: "id",
        });
      const db = databasePath(flags.db, env);
      const by = env.USER?.trim() || "cli";
      const now = new LiveClock().now();
      const url = postgresUrlFromEnv(env);
      if (url === undefined) {
        if (flags.node !== undefined)
          throw new HydraError(
            "CLI_USAGE",
            "engine: --node asks a node on PostgreSQL (HYDRA_DB_URL); on SQLite the node is the one running on --db",
            { field: "--node" },
          );
        const commands = SqliteEngineCommands.open(db);
        try {
          commands.request(id, action as EngineAction, by, now);
        } finally {
          commands.close();
        }
        io.out(
          `asked: ${action} ${id} (${db}); a running hydra run on this database applies it within a second\n`,
        );
        return;
      }
      // PostgreSQL: the command goes under the node's id; only a running node applies it
      const node = flags.node ?? nodeIdentity(env, db).nodeId;
      const shared = openSharedStores(db, env, now);
      let running: string[];
      try {
        running = [...new Set(shared.registry.list().map((p) => p.node ?? ""))].sort();
      } finally {
        shared.close();
      }
      if (!running.includes(node))
        throw new HydraError(
          "CLI_USAGE",
          `engine: no node "${node}" is running on ${redactDbUrl(url)} (running: ${running.join(", ") || "none"}); name one with --node`,
          { field: "--node" },
        );
      const commands = PostgresEngineCommands.open(url, node, now);
      try {
        commands.request(id, action as EngineAction, by, now);
      } finally {
        commands.close();
      }
      io.out(`asked: ${action} ${id} on node ${node} (${redactDbUrl(url)}); it applies it within a second\n`);
    });
}
