/** One engine's (or strategy's) results, as the tournament ranks them. */
export interface EngineResult {
  engineId: string;
  label: string;
  /** realized P&L of closed trades, account currency */
  realizedPnl: number;
  /** closed trades */
  trades: number;
  wins: number;
  sharpe: number | null;
  maxDrawdownPct: number;
  llmCostUsd: number;
}

export interface RankedEngine extends EngineResult {
  /** 1-based; engines tied on P&L and trade count share a rank */
  rank: number;
  /** 0–1; the weights of all ranked engines sum to 1 (0 when there are none) */
  weight: number;
}

/** SPEC §1: #1 = 40%, #2 = 30%, #3 = 20%, #4 = 10%; from #5 on, 0. */
const RANK_WEIGHTS: readonly number[] = [0.4, 0.3, 0.2, 0.1];

/**
 * Ranks by realized P&L, highest first (SPEC: "ranked by actual P&L"; LLM cost is shown in the table,
 * not used to rank). Ties on P&L: fewer trades ranks higher (the same money with less trading); engines
 * tied on both P&L and trades share a rank and split their positions' weights equally; the order among
 * them (for display) is by engineId.
 *
 * Weights: position i gets RANK_WEIGHTS[i], positions past the fourth get 0. With fewer than four
 * engines the used weights are renormalised to sum to 1 (two engines: 40/70 and 30/70), so the weights
 * are always a full allocation.
 */
export function rankEngines(rows: readonly EngineResult[]): RankedEngine[] {
  const sorted = [...rows].sort(
    (a, b) => b.realizedPnl - a.realizedPnl || a.trades - b.trades || a.engineId.localeCompare(b.engineId),
  );
  const slots = RANK_WEIGHTS.slice(0, sorted.length);
  const total = slots.reduce((a, b) => a + b, 0);
  // with four or more engines the table weights are used as they are (no floating-point drift)
  const scale = slots.length < RANK_WEIGHTS.length && total > 0 ? 1 / total : 1;
  const slotWeight = (i: number): number => (i < slots.length ? slots[i]! * scale : 0);
  const out: RankedEngine[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && tied(sorted[i]!, sorted[j]!)) j++;
    let shared = 0;
    for (let k = i; k < j; k++) shared += slotWeight(k);
    // a shared weight is rounded to 1e-9 (four tied: 0.25, not 0.24999999999999997)
    const weight = Math.round((shared / (j - i)) * 1e9) / 1e9;
    for (let k = i; k < j; k++) out.push({ ...sorted[k]!, rank: i + 1, weight });
    i = j;
  }
  return out;
}

function tied(a: EngineResult, b: EngineResult): boolean {
  return a.realizedPnl === b.realizedPnl && a.trades === b.trades;
}

/** engineId → weight, for {@link consensus}. */
export function weightMap(ranked: readonly RankedEngine[]): Map<string, number> {
  return new Map(ranked.map((r) => [r.engineId, r.weight]));
}
