import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { renderTournamentTable } from "../../hydra/tournament/render-table.js";
import { DEFAULT_TABLE_SETTINGS } from "../../hydra/tournament/table-settings.js";
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
    .option("--db <path>", "SQLite database (default $HYDRA_DB or data/hydra/hydra.db)")
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
