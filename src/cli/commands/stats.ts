import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { renderTournamentTable } from "../../hydra/tournament/render-table.js";
import { DEFAULT_TABLE_SETTINGS, type TableSettings } from "../../hydra/tournament/table-settings.js";
import { migrate } from "../../persistence/postgres/migrations.js";
import { journalNodes, pgNodeJournalReader, pgSqlReader } from "../../persistence/postgres/pg-sql-reader.js";
import { PgSyncClient } from "../../persistence/postgres/pg-sync-client.js";
import { SqliteHydraJournal } from "../../persistence/sqlite-hydra-journal.js";
import { readAsks, readMarks } from "../../persistence/sqlite-tournament-log.js";
import {
  engineStats,
  formatTable,
  leaderboardJson,
  leaderboardTable,
  recentTrades,
} from "../../runtime/hydra-stats.js";
import type { CliIo } from "../io.js";
import { numberOption } from "../options.js";
import { postgresUrl } from "./db-postgres.js";
import { databasePath } from "./kill-switch.js";

interface StatsFlags {
  db?: string;
  limit: string;
  sharpeDays: string;
  bootstrapDays: string;
  resamples: string;
  seed: string;
  json?: boolean;
  node?: string;
}

const WHAT = ["engines", "trades", "leaderboard"];

export function registerStats(program: Command, io: CliIo): void {
  const d = DEFAULT_TABLE_SETTINGS;
  program
    .command("stats")
    .description("engine performance, recent trades or the tournament leaderboard from the database")
    .argument("<what>", "engines | trades | leaderboard")
    .option(
      "--db <path>",
      "SQLite database (default $HYDRA_DB or data/hydra/hydra.db); without it, HYDRA_DB_URL reads every node's journal in PostgreSQL",
    )
    .option("--limit <n>", "trades: how many", "20")
    .option("--sharpe-days <n>", "leaderboard: daily returns a Sharpe ratio needs", String(d.minSharpeDays))
    .option(
      "--bootstrap-days <n>",
      "leaderboard: daily returns a bootstrap interval against buy-and-hold needs",
      String(d.minBootstrapDays),
    )
    .option("--resamples <n>", "leaderboard: bootstrap resamples", String(d.resamples))
    .option("--seed <n>", "leaderboard: the bootstrap's seed", String(d.seed))
    .option("--json", "print JSON (leaderboard: the statement goes to stderr)")
    .option(
      "--node <id>",
      "leaderboard on PostgreSQL (HYDRA_DB_URL): this node's only (default: each node's in turn)",
    )
    .action((what: string, flags: StatsFlags) => {
      if (!WHAT.includes(what))
        throw new HydraError(
          "CLI_USAGE",
          `stats: what must be engines, trades or leaderboard, got "${what}"`,
          { field: "what" },
        );
      // HYDRA_DB_URL (unless --db names a file): every node's journal, as copied to PostgreSQL
      if (flags.db === undefined && (process.env.HYDRA_DB_URL ?? "") !== "")
        return postgresStats(what, postgresUrl(`stats ${what}`, undefined, process.env), flags, io);
      if (flags.node !== undefined)
        throw new HydraError(
          "CLI_USAGE",
          "stats: --node reads PostgreSQL (HYDRA_DB_URL, without --db); a SQLite file is one node's",
          { field: "--node" },
        );
      const journal = SqliteHydraJournal.open(databasePath(flags.db, process.env));
      try {
        if (what === "leaderboard") return leaderboardOut(journal, flags, io);
        const rows: Array<Record<string, unknown>> =
          what === "engines"
            ? engineStats(journal.db)
            : recentTrades(journal.db, numberOption("--limit", flags.limit, { integer: true, min: 1 })!);
        if (flags.json) io.out(`${JSON.stringify(rows)}\n`);
        else if (rows.length === 0) io.out(`no ${what} yet\n`);
        else io.out(formatTable(rows));
      } finally {
        journal.close();
      }
    });
}

/**
 * Every node's journal as copied to PostgreSQL: engines and trades of all nodes together; the
 * leaderboard of each node (its own tournament), or of the one --node names.
 */
function postgresStats(what: string, url: string, flags: StatsFlags, io: CliIo): void {
  const client = new PgSyncClient(url);
  try {
    migrate(client, new LiveClock().now());
    if (what === "leaderboard") {
      postgresLeaderboards(client, flags, io);
      return;
    }
    if (flags.node !== undefined)
      throw new HydraError(
        "CLI_USAGE",
        "stats: --node is for the leaderboard (engines and trades are every node's)",
        {
          field: "--node",
        },
      );
    const db = pgSqlReader(client);
    const limit = numberOption("--limit", flags.limit, { integer: true, min: 1 })!;
    const rows: Array<Record<string, unknown>> =
      what === "engines" ? engineStats(db) : recentTrades(db, limit);
    if (flags.json) io.out(`${JSON.stringify(rows)}\n`);
    else if (rows.length === 0) io.out(`no ${what} yet\n`);
    else io.out(formatTable(rows));
  } finally {
    client.close();
  }
}

/** each node's leaderboard in turn, headed by its id (JSON: every node's rows, each with its node) */
function postgresLeaderboards(client: PgSyncClient, flags: StatsFlags, io: CliIo): void {
  const nodes = journalNodes(client);
  if (flags.node !== undefined && !nodes.includes(flags.node))
    throw new HydraError(
      "CLI_USAGE",
      `stats leaderboard: --node ${flags.node} has no standing in the database (nodes: ${nodes.join(", ") || "none"})`,
      { field: "--node" },
    );
  const chosen = flags.node === undefined ? nodes : [flags.node];
  const json: Array<Record<string, unknown>> = [];
  for (const node of chosen) {
    const db = pgNodeJournalReader(client, node);
    const journal = {
      db,
      asks: (until = Number.POSITIVE_INFINITY) => readAsks(db, until),
      marks: () => readMarks(db),
    };
    if (flags.json) {
      const table = leaderboardTable(journal, tableSettings(flags));
      json.push(...leaderboardJson(db, table).map((r) => ({ node, ...r })));
      if (table.rows.length > 0) io.err(`${chosen.length > 1 ? `${node}: ` : ""}${table.statement}\n`);
    } else {
      if (chosen.length > 1) io.out(`node ${node}:\n`);
      leaderboardOut(journal, flags, io);
    }
  }
  if (flags.json) io.out(`${JSON.stringify(json)}\n`);
  else if (chosen.length === 0) io.out("no leaderboard yet\n");
}

function tableSettings(flags: StatsFlags): Partial<TableSettings> {
  const int = (flag: string, text: string, min: number): number =>
    numberOption(flag, text, { integer: true, min })!;
  return {
    minSharpeDays: int("--sharpe-days", flags.sharpeDays, 2),
    minBootstrapDays: int("--bootstrap-days", flags.bootstrapDays, 1),
    resamples: int("--resamples", flags.resamples, 1),
    seed: int("--seed", flags.seed, 0),
  };
}

/** The table `hydra run` prints at its end, rebuilt from the database, and what it can tell. */
function leaderboardOut(journal: Parameters<typeof leaderboardTable>[0], flags: StatsFlags, io: CliIo): void {
  const table = leaderboardTable(journal, tableSettings(flags));
  if (flags.json) {
    io.out(`${JSON.stringify(leaderboardJson(journal.db, table))}\n`);
    if (table.rows.length > 0) io.err(`${table.statement}\n`);
  } else if (table.rows.length === 0) io.out("no leaderboard yet\n");
  else io.out(`${renderTournamentTable(table)}\n`);
}
