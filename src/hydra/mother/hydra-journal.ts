import type { ClosedTrade } from "../../model/position.js";
import type { EngineDecision, NoDecisionCause, Usage } from "../engine.js";

export interface DecisionRecord {
  cycle: number;
  time: number;
  engineId: string;
  templateVersion: string;
  promptHash: string;
  decision: EngineDecision | null;
  cause: NoDecisionCause | null;
  detail: string;
  usage: Usage;
  latencyMs: number;
  /** what became of it: sent, denied:<code>, stale, hold, no-decision */
  outcome: string;
}

export interface ScoreRow {
  engineId: string;
  label: string;
  rank: number;
  weight: number;
  totalPoints: number;
  realizedPnl: number;
  trades: number;
  wins: number;
  sharpe: number | null;
  maxDrawdownPct: number;
  llmCostUsd: number;
  netOfCost: number;
}

/** Where the HYDRA side keeps its record: decisions, closed trades (hydra_trades), tournament scores. */
export interface HydraJournal {
  recordDecision(d: DecisionRecord): void;
  recordTrade(engineId: string, trade: ClosedTrade, initialBalance: number): void;
  saveScores(time: number, rows: readonly ScoreRow[]): void;
  /** the run the following records belong to (ids unique across runs of one database) */
  setRun?(runId: number): void;
}

/** One engine's LLM spend over a day: tokens (input and output) and USD. */
export interface EngineSpend {
  engine: string;
  tokens: number;
  usd: number;
}

/** The LLM spend a journal holds: what a restarted node counts against its engines' daily budgets. */
export interface SpendLog {
  /** each engine's spend on the UTC day of `wallMs` (wall time), by engine id; engines that spent nothing are left out */
  spentToday(wallMs: number): EngineSpend[];
}
