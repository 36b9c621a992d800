type OverfitLevel = "likely-overfit" | "inconclusive" | "no-sign-of-overfit";

export interface OverfitEvidence {
  /** deflated Sharpe ratio of the selected parameters (null: not computable) */
  dsr: number | null;
  /** probability of backtest overfitting by CSCV (null: too few trials or observations) */
  pbo: number | null;
  /** walk-forward efficiency: mean out-of-sample objective ÷ mean in-sample objective (null: undefined) */
  efficiency: number | null;
  /** the stitched out-of-sample run lost money */
  oosLoss: boolean;
}

export interface OverfitVerdict {
  level: OverfitLevel;
  reasons: string[];
}

/** Thresholds: PBO above one half (the paper's), DSR below 0.95 (a 5 % test), efficiency below one half. */
const PBO_OVERFIT = 0.5;
const DSR_SIGNIFICANT = 0.95;
const EFFICIENCY_LOW = 0.5;

/**
 * The plain answer to "are the best parameters likely overfit?": likely when CSCV says the in-sample best
 * falls below the median out of sample in most splits, or the DSR says chance explains the Sharpe ratio
 * (below one half), or the walk-forward test lost money; inconclusive when the DSR is not significant or the
 * out-of-sample performance keeps less than half of the in-sample one.
 */
export function overfitVerdict(e: OverfitEvidence): OverfitVerdict {
  const strong: string[] = [];
  const weak: string[] = [];
  if (e.pbo !== null && e.pbo > PBO_OVERFIT)
    strong.push(
      `PBO ${e.pbo.toFixed(2)} > ${PBO_OVERFIT}: the in-sample best ranked below the median out of sample in most CSCV splits`,
    );
  if (e.dsr !== null && e.dsr < 0.5)
    strong.push(
      `deflated Sharpe ${e.dsr.toFixed(2)} < 0.5: the best Sharpe ratio is what luck alone gives the best of this many trials`,
    );
  else if (e.dsr !== null && e.dsr < DSR_SIGNIFICANT)
    weak.push(
      `deflated Sharpe ${e.dsr.toFixed(2)} < ${DSR_SIGNIFICANT}: not significant for the number of trials`,
    );
  if (e.oosLoss) strong.push("the stitched out-of-sample equity ended below its start");
  if (e.efficiency !== null && e.efficiency < EFFICIENCY_LOW)
    weak.push(
      `walk-forward efficiency ${e.efficiency.toFixed(2)} < ${EFFICIENCY_LOW}: out of sample kept less than half of the in-sample performance`,
    );
  if (e.dsr === null) weak.push("the deflated Sharpe could not be computed");
  if (e.pbo === null) weak.push("PBO could not be computed (too few trials or observations)");
  if (strong.length > 0) return { level: "likely-overfit", reasons: [...strong, ...weak] };
  if (weak.length > 0) return { level: "inconclusive", reasons: weak };
  return {
    level: "no-sign-of-overfit",
    reasons: [
      `PBO ${e.pbo!.toFixed(2)} ≤ ${PBO_OVERFIT}, deflated Sharpe ${e.dsr!.toFixed(2)} ≥ ${DSR_SIGNIFICANT}, walk-forward efficiency ${e.efficiency === null ? "n/a" : e.efficiency.toFixed(2)}`,
    ],
  };
}
