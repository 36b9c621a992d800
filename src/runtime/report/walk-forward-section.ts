import { COLORS, type Section, seconds } from "./chart-spec.js";
import { escapeHtml, table } from "./html.js";

/** One walk-forward window: in-sample fit, out-of-sample test (times epoch ms), the params chosen, the scores. */
interface WalkForwardWindow {
  isStart: number;
  isEnd: number;
  oosStart: number;
  oosEnd: number;
  params: Readonly<Record<string, string | number | boolean>>;
  isScore: number;
  oosScore: number;
}

/**
 * What `hydra optimize` hands the report: the windows, the out-of-sample equity stitched window after
 * window, and optionally a heat map of the score over two parameters (rows × columns).
 */
export interface WalkForwardView {
  windows: readonly WalkForwardWindow[];
  stitchedEquity: ReadonlyArray<{ t: number; equity: number }>;
  /** every parameter set tried (the best 20 by score are listed) */
  trials?: ReadonlyArray<{ params: Readonly<Record<string, string | number | boolean>>; score: number }>;
  heatmap?: {
    xParam: string;
    yParam: string;
    xValues: ReadonlyArray<string | number>;
    yValues: ReadonlyArray<string | number>;
    /** scores[row][column], row = yValues index; null: not tried */
    scores: ReadonlyArray<ReadonlyArray<number | null>>;
  };
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const paramText = (p: Readonly<Record<string, string | number | boolean>>): string =>
  Object.entries(p)
    .map(([k, x]) => `${k}=${x}`)
    .join(" ");

function trialsTable(trials: NonNullable<WalkForwardView["trials"]>): string {
  const best = [...trials].sort((a, b) => b.score - a.score).slice(0, 20);
  return `<h3>Trials: the best ${best.length} of ${trials.length}</h3>${table(
    ["#", "params", "score"],
    best.map((t, i) => [String(i + 1), escapeHtml(paramText(t.params)), t.score.toFixed(3)]),
  )}`;
}

function heatmapTable(h: NonNullable<WalkForwardView["heatmap"]>): string {
  const all = h.scores.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const head = `<tr><th>${escapeHtml(h.yParam)} \\ ${escapeHtml(h.xParam)}</th>${h.xValues.map((v) => `<th>${escapeHtml(String(v))}</th>`).join("")}</tr>`;
  const rows = h.yValues.map((y, r) => {
    const cells = h.xValues.map((_, c) => {
      const v = h.scores[r]?.[c] ?? null;
      if (v === null) return "<td></td>";
      const a = hi > lo ? (v - lo) / (hi - lo) : 0.5;
      return `<td class="num" style="background:rgba(37,99,235,${(0.08 + 0.7 * a).toFixed(2)})">${v.toFixed(3)}</td>`;
    });
    return `<tr><th>${escapeHtml(String(y))}</th>${cells.join("")}</tr>`;
  });
  return `<h3>Score by ${escapeHtml(h.xParam)} and ${escapeHtml(h.yParam)}</h3><table class="heatmap">${head}${rows.join("")}</table>`;
}

/**
 * The walk-forward windows (table and in/out-of-sample scores), the stitched out-of-sample equity, the
 * best trials and the heat map. A section of its own: `renderPage({ title, subtitle, sections: [it] })`.
 */
export function walkForwardSection(v: WalkForwardView): Section {
  const windows = table(
    ["#", "in-sample", "out-of-sample", "params", "IS score", "OOS score"],
    v.windows.map((w, i) => [
      String(i + 1),
      `${day(w.isStart)} → ${day(w.isEnd)}`,
      `${day(w.oosStart)} → ${day(w.oosEnd)}`,
      escapeHtml(paramText(w.params)),
      w.isScore.toFixed(3),
      w.oosScore.toFixed(3),
    ]),
  );
  const x = v.windows.map((_, i) => i + 1);
  return {
    title: "Walk-forward windows",
    html: `${windows}<figure class="chart" id="chart-wf-scores"></figure><figure class="chart" id="chart-wf-equity"></figure>${v.trials === undefined ? "" : trialsTable(v.trials)}${v.heatmap === undefined ? "" : heatmapTable(v.heatmap)}`,
    charts: [
      {
        id: "chart-wf-scores",
        title: "Score per window: in-sample vs out-of-sample",
        x,
        time: false,
        xLabel: "window",
        y: "score",
        height: 220,
        series: [
          {
            label: "in-sample",
            values: v.windows.map((w) => w.isScore),
            color: COLORS.equity,
            style: "line",
          },
          {
            label: "out-of-sample",
            values: v.windows.map((w) => w.oosScore),
            color: COLORS.oos,
            style: "line",
          },
        ],
      },
      {
        id: "chart-wf-equity",
        title: "Out-of-sample equity, stitched",
        x: v.stitchedEquity.map((p) => seconds(p.t)),
        time: true,
        y: "equity",
        series: [
          {
            label: "equity",
            values: v.stitchedEquity.map((p) => p.equity),
            color: COLORS.oos,
            style: "line",
          },
        ],
      },
    ],
  };
}
