import type { ClosedTrade, Position } from "../../model/position.js";
import type { DayStats } from "../../portfolio/day-stats.js";
import type { Lesson } from "../evolution/lessons.js";
import type { EvolutionState } from "../evolution/scheduler.js";

/** One desk as a restart continues it: cash, open positions with their stops, its history. */
interface DeskState {
  id: string;
  /** the desk's starting cash in its first run: returns and drawdowns are measured from it */
  initialCash: number;
  /** cash (realised) when the run stopped */
  balance: number;
  /** equity (cash and the open positions' P&L at the last prices) when the run stopped */
  equity: number;
  /** open positions, held again with their stops by the resumed desk's venue */
  positions: Position[];
  days: DayStats[];
  maxDrawdown: number;
  maxDrawdownPct: number;
  /** the highest equity so far, the drawdown limit's reference (absent in states from before it was kept) */
  highWaterMark?: number;
}

/** What the orchestrator needs to continue a tournament where a previous run stopped. */
export interface HydraState {
  version: 1;
  mode: string;
  cycles: number;
  /** the market clock's last time (epoch ms, market time) */
  lastMarketMs: number;
  desks: DeskState[];
  evolution: EvolutionState;
  lessons: Lesson[];
  /** each engine's LLM spend so far (USD) */
  costs: Array<[string, number]>;
}

/** A resumed tournament: the saved state plus each desk's closed trades (from the journal). */
export interface HydraResume {
  state: HydraState;
  trades: ReadonlyMap<string, readonly ClosedTrade[]>;
}

/** A saved run: the tournament's state and the synthetic market it traded (seed and origin). */
export interface SavedHydraRun {
  runId: number;
  state: HydraState;
  /**
   * feed: "synthetic" (absent in databases from before live feeds), or the live source's name;
   * nextCycleMs: the synthetic market's next scheduled cycle (market time; absent before crash campaigns),
   * so that a resumed run's cycles fall where an uninterrupted run's would
   */
  market: { seed: number; originMs: number; assets: string[]; feed?: string; nextCycleMs?: number };
  engines: string[];
  /** when it was saved (epoch ms, wall time) */
  savedWallMs: number;
}

/** Where `hydra run` keeps its state between runs (the --db database). */
export interface HydraStateStore {
  /** the last saved run, null on a fresh database */
  load(): SavedHydraRun | null;
  /** a new run id (greater than every earlier one), recorded with its wall start */
  beginRun(startedWallMs: number): number;
  save(run: SavedHydraRun): void;
}
