import type { HydraJournal, SpendLog } from "../hydra/mother/hydra-journal.js";
import type { HydraStateStore } from "../hydra/orchestrator/hydra-state.js";
import type { TournamentLog } from "../hydra/tournament/tournament-record.js";
import type { ClosedTrade } from "../model/position.js";

/**
 * The HYDRA journal a node runs on, whichever database holds it (SqliteHydraJournal, PostgresHydraJournal):
 * what the tournament records, what a resumed run reads back, and the LLM spend a restart counts.
 */
export interface HydraJournalStore extends HydraJournal, TournamentLog, SpendLog {
  setRun(runId: number): void;
  /**
   * The closed trades by engine, oldest first (a resumed run's desks count them); with `untilMarketMs`,
   * only those closed by then (market time): a checkpoint's state does not hold later ones.
   */
  trades(untilMarketMs?: number): Map<string, ClosedTrade[]>;
  /**
   * Forgets what a killed run journalled after its last checkpoint (market time): its closed trades,
   * decisions, asks and standings' history. Returns the trades forgotten.
   */
  forgetAfter(checkpointMarketMs: number): number;
  /** later calls throw (STORAGE) */
  close(): void;
}

/** The HYDRA tournament's state a node runs on (SqliteHydraState, PostgresHydraState). */
export interface HydraStateStoreHandle extends HydraStateStore {
  /** later calls throw (STORAGE) */
  close(): void;
}
