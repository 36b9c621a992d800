import type { ClosedTrade } from "../../model/position.js";
import type { DayStats } from "../../portfolio/day-stats.js";
import { computeStats } from "../../portfolio/stats.js";
import type { Engine } from "../engine.js";
import type { ScoreRow } from "../mother/hydra-journal.js";
import { type EngineResult, rankEngines } from "../tournament/rank.js";

/** What the scoring reads of a desk (its whole history, earlier runs included). */
export interface DeskRecord {
  trades: readonly ClosedTrade[];
  days: readonly DayStats[];
  initialCash: number;
  equity: number;
  maxDrawdown: number;
  maxDrawdownPct: number;
}

/**
 * The one scoring function: the tournament's standings by realised P&L (40/30/20/10) with what makes a
 * ranking trustworthy beside it. Each engine is scored on its own desk — in consensus mode the shadow
 * desk that trades its own votes — so weights move with what its votes would have made.
 */
export function scoreRows(
  engines: readonly Engine[],
  desk: (engineId: string) => DeskRecord,
  costs: ReadonlyMap<string, number>,
): ScoreRow[] {
  const results: EngineResult[] = engines.map((e) => {
    const d = desk(e.id);
    const stats = computeStats(d.trades, d.days, d.initialCash, d.equity, d.maxDrawdown, d.maxDrawdownPct);
    return {
      engineId: e.id,
      label: e.label,
      realizedPnl: Number(d.trades.reduce((x, t) => x + t.netPnl, 0).toFixed(2)),
      trades: stats.trades,
      wins: stats.wins,
      sharpe: stats.sharpe,
      maxDrawdownPct: stats.maxDrawdownPct,
      llmCostUsd: Number((costs.get(e.id) ?? 0).toFixed(4)),
    };
  });
  return rankEngines(results).map((r) => ({
    ...r,
    totalPoints: Math.round(r.weight * 100),
    netOfCost: Number((r.realizedPnl - r.llmCostUsd).toFixed(2)),
  }));
}
