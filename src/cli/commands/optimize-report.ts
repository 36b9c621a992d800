import { toIsoUtc } from "../../core/time.js";
import type { TrialParams } from "../../research/param-space.js";
import type { OptimizeResult } from "../../runtime/optimize/run-optimize.js";

const fmt = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
const day = (ms: number): string => toIsoUtc(ms).slice(0, 10);
const params = (p: TrialParams | null): string =>
  p === null
    ? "(none with enough trades)"
    : Object.entries(p)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ");

const VERDICT: Record<OptimizeResult["verdict"]["level"], string> = {
  "likely-overfit": "LIKELY OVERFIT",
  inconclusive: "INCONCLUSIVE",
  "no-sign-of-overfit": "no sign of overfitting",
};

/** The optimisation report a person reads; `--json` prints the OptimizeResult itself. */
export function optimizeText(r: OptimizeResult): string {
  const out: string[] = [];
  const wf = r.walkForward;
  out.push(
    `optimize run ${r.runId}: ${r.strategy} on ${r.symbol} (${r.origin}); ${r.sampler} search, ${r.trials.length} trials; ${wf.windows} ${wf.mode} windows, in sample ${wf.inSampleRatio}× out of sample`,
    `objective: ${r.objective} (a trial needs ${r.minTrades} closed trades in a range to be selected); ${r.backtests.total} backtests${r.backtests.reused > 0 ? `, ${r.backtests.reused} resumed from the database` : ""}`,
    "",
    "walk-forward (selected in sample, tested out of sample):",
  );
  for (const w of r.windows)
    out.push(
      `  ${w.index + 1}. in ${day(w.inSample.startMs)}…${day(w.inSample.endMs - 1)}  out ${day(w.outOfSample.startMs)}…${day(w.outOfSample.endMs - 1)}  ${params(w.params)}  IS ${fmt(w.inSampleObjective)}  OOS ${fmt(w.outOfSampleObjective)} (${w.outOfSampleTrades} trades, ${fmt(w.outOfSampleNetProfit)})`,
    );
  const first = r.stitchedEquity[0];
  const last = r.stitchedEquity.at(-1);
  out.push(
    first === undefined || last === undefined
      ? "stitched out-of-sample equity: no out-of-sample days"
      : `stitched out-of-sample equity: ${last.equity.toFixed(2)} after ${r.stitchedEquity.length} days (${first.day} … ${last.day})`,
    `out-of-sample vs in-sample: walk-forward efficiency ${fmt(r.efficiency)} (mean OOS ÷ mean IS objective; 1 keeps all, below 0.5 degrades)`,
    "",
    r.best === null
      ? "best over the full span: none had the minimum trade count"
      : `best over the full span: ${params(r.best.params)} (${r.objective} ${fmt(r.best.objective)}, ${r.best.trades} trades, net ${fmt(r.best.netProfit)})`,
  );
  const d = r.deflatedSharpe;
  out.push(
    d === null
      ? "deflated Sharpe: n/a (too few days)"
      : `deflated Sharpe: ${fmt(d.dsr, 3)} (daily SR ${fmt(d.sharpe, 4)} vs SR0 ${fmt(d.benchmark, 4)} expected of the best of ${d.trials} skill-less trials; ${d.observations} days, skew ${fmt(d.skew)}, kurtosis ${fmt(d.kurtosis)})`,
  );
  const p = r.pbo;
  out.push(
    p === null
      ? "probability of backtest overfitting: n/a (needs 2 trials and 2 days per CSCV block)"
      : `probability of backtest overfitting (CSCV, ${p.blocks} blocks, ${p.splits} splits): ${fmt(p.pbo)}; the in-sample best lost out of sample in ${fmt(p.probOosLoss * 100, 0)} % of splits`,
  );
  const m = r.heatMap;
  if (m !== null) {
    out.push(
      `parameter stability (${r.objective}, best over the other parameters; rows ${m.y?.name ?? "-"}, columns ${m.x.name}); neighbours ÷ best: ${fmt(m.neighbourRatio)}`,
    );
    const width = Math.max(8, ...m.x.values.map((v) => String(v).length + 1));
    const cell = (s: string): string => s.padStart(width);
    out.push(`  ${"".padStart(8)}${m.x.values.map((v) => cell(String(v))).join("")}`);
    for (const [yi, row] of m.cells.entries())
      out.push(`  ${String(m.y?.values[yi] ?? "").padStart(8)}${row.map((v) => cell(fmt(v))).join("")}`);
  }
  out.push("", `verdict: ${VERDICT[r.verdict.level]}: ${r.verdict.reasons.join("; ")}`, "");
  return out.join("\n");
}
