/** One finished backtest as stored. */
export interface OptimizeUnitRow {
  trial: number;
  segment: string;
  /** the trial's parameters (JSON) */
  params: string;
  trades: number;
  netProfit: number;
  days: string[];
  returns: number[];
}

/**
 * Where `hydra optimize` keeps its results: one run per configuration (keyed by a run id derived from
 * everything its backtests depend on), one row per finished backtest of one trial on one segment,
 * written as it finishes, so an interrupted run resumes by skipping the rows present. In the node's
 * SQLite file (the default) or in PostgreSQL (HYDRA_DB_URL), where a run started on one host resumes
 * on another.
 */
export interface OptimizeStore {
  /** where the results are, for messages (a PostgreSQL address without its password) */
  readonly where: string;
  /** The stored configuration of a run, or undefined. */
  runConfig(runId: string): string | undefined;
  /** Records a run (kept as it is when it exists with the same configuration; STORAGE when another). */
  startRun(runId: string, config: string, units: number): void;
  /** Saves one finished backtest at once (saving it again replaces it). */
  saveUnit(runId: string, u: OptimizeUnitRow): void;
  /** Every finished backtest of a run, by trial then segment. */
  units(runId: string): OptimizeUnitRow[];
  close(): void;
}
