import type { OptimizeResult } from "../optimize/run-optimize.js";
import type { Section } from "./chart-spec.js";
import { escapeHtml, renderPage, table } from "./html.js";
import { type WalkForwardView, walkForwardSection } from "./walk-forward-section.js";

const fmt = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);

const VERDICT: Record<OptimizeResult["verdict"]["level"], string> = {
  "likely-overfit": "LIKELY OVERFIT",
  inconclusive: "INCONCLUSIVE",
  "no-sign-of-overfit": "no sign of overfitting",
};

/** What the walk-forward section draws, from an optimisation's result (days are UTC midnights). */
function walkForwardView(r: OptimizeResult): WalkForwardView {
  const map = r.heatMap;
  return {
    windows: r.windows.map((w) => ({
      isStart: w.inSample.startMs,
      isEnd: w.inSample.endMs,
      oosStart: w.outOfSample.startMs,
      oosEnd: w.outOfSample.endMs,
      params: w.params ?? {},
      isScore: w.inSampleObjective,
      oosScore: w.outOfSampleObjective,
    })),
    stitchedEquity: r.stitchedEquity.map((p) => ({ t: Date.parse(`${p.day}T00:00:00Z`), equity: p.equity })),
    trials: r.trials
      .filter((t) => t.objective !== null)
      .map((t) => ({ params: t.params, score: t.objective! })),
    ...(map === null || map.y === null
      ? {}
      : {
          heatmap: {
            xParam: map.x.name,
            yParam: map.y.name,
            xValues: map.x.values,
            yValues: map.y.values,
            scores: map.cells,
          },
        }),
  };
}

/** The guards and the verdict, as `hydra optimize` prints them, in a table. */
function guardsSection(r: OptimizeResult): Section {
  const dsr = r.deflatedSharpe;
  const rows: string[][] = [
    [
      "deflated Sharpe ratio",
      fmt(dsr?.dsr),
      dsr === null
        ? "not computed"
        : `probability that the best trial's Sharpe beats ${fmt(dsr.benchmark, 4)} a day, the best of ${dsr.trials} skill-less trials by luck`,
    ],
    [
      "probability of backtest overfitting (CSCV)",
      fmt(r.pbo?.pbo),
      r.pbo === null
        ? "not computed"
        : `${r.pbo.splits} splits of ${r.pbo.blocks} blocks; above 0.5 means overfit`,
    ],
    [
      "walk-forward efficiency",
      fmt(r.efficiency),
      "mean out-of-sample ÷ mean in-sample objective of the selected trials",
    ],
    [
      "stability (best cell's neighbours ÷ best)",
      fmt(r.heatMap?.neighbourRatio),
      "near 1 on a plateau, low on an isolated peak",
    ],
  ];
  const best =
    r.best === null
      ? "none had the minimum trade count"
      : Object.entries(r.best.params)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ");
  return {
    title: "Overfitting guards",
    html: `<p><strong>verdict: ${escapeHtml(VERDICT[r.verdict.level])}</strong>${r.verdict.reasons.length === 0 ? "" : `: ${escapeHtml(r.verdict.reasons.join("; "))}`}</p><p>best parameters over the full span: ${escapeHtml(best)}</p>${table(
      ["guard", "value", "what it says"],
      rows.map((row) => row.map(escapeHtml)),
    )}`,
    charts: [],
  };
}

/** `hydra optimize --report`: the verdict and guards, the walk-forward windows, the stitched equity, the trials and heat map. */
export function optimizeReport(r: OptimizeResult): string {
  return renderPage({
    title: `Optimisation: ${r.strategy} on ${r.symbol}`,
    subtitle: `${r.origin}; ${r.sampler} search, ${r.trials.length} trials; ${r.walkForward.windows} ${r.walkForward.mode} windows; objective ${r.objective}; run ${r.runId}`,
    sections: [guardsSection(r), walkForwardSection(walkForwardView(r))],
  });
}
