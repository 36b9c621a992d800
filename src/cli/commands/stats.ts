import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { renderTournamentTable } from "../../hydra/tournament/render-table.js";
import { DEFAULT_TABLE_SETTINGS } from "../../hydra/tournament/table-settings.js";
import { migrate } from "../../persistence/postgres/migrations.js";
import { pgSqlReader } from "../../persistence/postgres/pg-sql-reader.js";
import { PgSyncClient } from "../../persistence/postgres/pg-sync-client.js";
import { SqliteHydraJournal } from "../../persistence/sqlite-hydra-journal.js";
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

/** engines and trades of every node on PostgreSQL (the leaderboard is a node's: read its --db) */
function postgresStats(what: string, url: string, flags: StatsFlags, io: CliIo): void {
  if (what === "leaderboard")
    throw new HydraError(
      "CLI_USAGE",
      "stats leaderboard: reads one node's SQLite file (--db); on PostgreSQL (HYDRA_DB_URL) use engines or trades",
      { field: "what" },
    );
  const client = new PgSyncClient(url);
  try {
    migrate(client, new LiveClock().now());
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

/** The table `hydra run` prints at its end, rebuilt from the database, and what it can tell. */
function leaderboardOut(journal: SqliteHydraJournal, flags: StatsFlags, io: CliIo): void {
  const int = (flag: string, text: string, min: number): number =>
    numberOption(flag, text, { integer: true, min })!;
  const table = leaderboardTable(journal, {
    minSharpeDays: int("--sharpe-days", flags.sharpeDays, 2),
    minBootstrapDays: int("--bootstrap-days", flags.bootstrapDays, 1),
    resamples: int("--resamples", flags.resamples, 1),
    seed: int("--seed", flags.seed, 0),
  });
  if (flags.json) {
    io.out(`${JSON.stringify(leaderboardJson(journal.db, table))}\n`);
    if (table.rows.length > 0) io.err(`${table.statement}\n`);
  } else if (table.rows.length === 0) io.out("no leaderboard yet\n");
  else io.out(`${renderTournamentTable(table)}\n`);
}
