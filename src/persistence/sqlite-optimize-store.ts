import { HydraError } from "../core/errors.js";
import type { OptimizeStore, OptimizeUnitRow } from "./optimize-store.js";
import { guarded, openSqlite, type SqliteDatabase } from "./sqlite-database.js";

/**
 * optimize_runs: one row per optimisation, keyed by a run id derived from everything its backtests depend
 * on (config is that canonical JSON); optimize_units: one row per finished backtest of one trial on one
 * segment, written as it finishes, so an interrupted run resumes by skipping the rows present.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS optimize_runs (
  run_id TEXT PRIMARY KEY, config TEXT NOT NULL, units INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS optimize_units (
  run_id TEXT NOT NULL, trial INTEGER NOT NULL, segment TEXT NOT NULL, params TEXT NOT NULL,
  trades INTEGER NOT NULL, net_profit REAL NOT NULL, days TEXT NOT NULL, returns TEXT NOT NULL,
  PRIMARY KEY (run_id, trial, segment)
);`;

interface RawRow {
  trial: number;
  segment: string;
  params: string;
  trades: number;
  net_profit: number;
  days: string;
  returns: string;
}

export class SqliteOptimizeStore implements OptimizeStore {
  private readonly db: SqliteDatabase;
  readonly where: string;

  constructor(readonly file: string) {
    this.where = file;
    this.db = openSqlite(file);
    guarded("cannot create the optimisation tables", file, () => this.db.exec(SCHEMA));
  }

  /** The stored configuration of a run, or undefined. */
  runConfig(runId: string): string | undefined {
    return guarded("cannot read the optimisation runs", this.file, () => {
      const r = this.db.prepare("SELECT config FROM optimize_runs WHERE run_id = ?").get(runId) as
        | { config: string }
        | undefined;
      return r?.config;
    });
  }

  /** Records a run (kept as it is when it exists with the same configuration). */
  startRun(runId: string, config: string, units: number): void {
    const stored = this.runConfig(runId);
    if (stored !== undefined && stored !== config)
      throw new HydraError("STORAGE", `optimisation run ${runId} is stored with another configuration`, {
        runId,
      });
    if (stored === undefined)
      guarded("cannot record the optimisation run", this.file, () =>
        this.db
          .prepare("INSERT INTO optimize_runs (run_id, config, units) VALUES (?,?,?)")
          .run(runId, config, units),
      );
  }

  /** Saves one finished backtest (at once, in its own transaction). */
  saveUnit(runId: string, u: OptimizeUnitRow): void {
    guarded("cannot save an optimisation result", this.file, () =>
      this.db
        .prepare(
          "INSERT OR REPLACE INTO optimize_units (run_id, trial, segment, params, trades, net_profit, days, returns) VALUES (?,?,?,?,?,?,?,?)",
        )
        .run(
          runId,
          u.trial,
          u.segment,
          u.params,
          u.trades,
          u.netProfit,
          JSON.stringify(u.days),
          JSON.stringify(u.returns),
        ),
    );
  }

  /** Every finished backtest of a run. */
  units(runId: string): OptimizeUnitRow[] {
    return guarded("cannot read the optimisation results", this.file, () =>
      (
        this.db
          .prepare(
            "SELECT trial, segment, params, trades, net_profit, days, returns FROM optimize_units WHERE run_id = ? ORDER BY trial, segment",
          )
          .all(runId) as RawRow[]
      ).map((r) => ({
        trial: r.trial,
        segment: r.segment,
        params: r.params,
        trades: r.trades,
        netProfit: r.net_profit,
        days: JSON.parse(r.days) as string[],
        returns: JSON.parse(r.returns) as number[],
      })),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
