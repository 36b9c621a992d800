import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Section } from "./chart-spec.js";

const require = createRequire(import.meta.url);

/** uPlot's script and styles, read from its package and inlined: the report needs no network (no CDN). */
function uplotAssets(): { js: string; css: string } {
  const dist = join(dirname(require.resolve("uplot/package.json")), "dist");
  return {
    js: readFileSync(join(dist, "uPlot.iife.min.js"), "utf8"),
    css: readFileSync(join(dist, "uPlot.min.css"), "utf8"),
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028|\u2029/g, "");
}

/** A table: header cells and rows of cells (already HTML); `numeric` columns align right. */
export function table(
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  numeric = true,
): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map(
      (r) => `<tr>${r.map((c, i) => `<td${numeric && i > 0 ? ' class="num"' : ""}>${c}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

export const money = (x: number): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const pct = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)} %`;

/** Browser-side: builds every chart from its spec (plain JavaScript: the page has nothing else). */
const DRAW = `
(function () {
  var specs = JSON.parse(document.getElementById("hydra-charts").textContent);
  var width = Math.min(1100, document.body.clientWidth - 48);
  specs.forEach(function (c) {
    var el = document.getElementById(c.id);
    var series = [{ label: c.time ? "time" : (c.xLabel || "x") }];
    c.series.forEach(function (s) {
      var o = { label: s.label, stroke: s.color, width: s.style === "points" ? 0 : 1.5, spanGaps: s.style !== "points" };
      if (s.dash) o.dash = [6, 4];
      if (s.fill) { o.fill = s.fill; o.fillTo = 0; }
      if (s.style === "bars") { o.paths = uPlot.paths.bars({ size: [0.7, 40] }); o.fill = s.color; o.points = { show: false }; }
      else if (s.style === "step") { o.paths = uPlot.paths.stepped({ align: 1 }); o.points = { show: false }; }
      else if (s.style === "points") { o.paths = function () { return null; }; o.points = { show: true, size: 9, stroke: s.color, fill: s.color }; }
      else o.points = { show: false };
      series.push(o);
    });
    var axes = [{}, { label: c.y || "", size: 70 }];
    if (!c.time && c.xLabel) axes[0] = { label: c.xLabel };
    if (c.xStep) axes[0].incrs = [c.xStep];
    var opts = {
      title: c.title, width: width, height: c.height || 280, series: series, axes: axes,
      scales: { x: c.xStep ? { time: false, range: [c.x[0] - c.xStep / 2, c.x[c.x.length - 1] + c.xStep / 2] } : { time: c.time } },
      legend: { live: true },
    };
    new uPlot(opts, [c.x].concat(c.series.map(function (s) { return s.values; })), el);
  });
  document.body.setAttribute("data-charts-drawn", String(specs.length));
})();
`;

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #0f172a; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #e2e8f0; }
.sub { color: #475569; margin-bottom: 12px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e2e8f0; text-align: left; } td.num { text-align: right; }
.chart { margin: 8px 0 16px; } .verdict { font-size: 18px; font-weight: 600; }
.passed { color: #15803d; } .failed { color: #b91c1c; } .active { color: #a16207; }
.note { color: #64748b; font-size: 12px; }
`;

/** The whole report: one self-contained HTML file (uPlot, styles, data and script inline). */
export function renderPage(o: { title: string; subtitle: string; sections: readonly Section[] }): string {
  const { js, css } = uplotAssets();
  const charts = o.sections.flatMap((s) => s.charts);
  const body = o.sections
    .map((s) => `<section><h2>${escapeHtml(s.title)}</h2>${s.html}</section>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
<style>${css}</style><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(o.title)}</h1><div class="sub">${escapeHtml(o.subtitle)}</div>
${body}
<p class="note">Made by HYDRA. Charts: uPlot (MIT), inlined; this file needs no network.</p>
<script id="hydra-charts" type="application/json">${scriptJson(charts)}</script>
<script>${js}</script>
<script>${DRAW}</script>
</body></html>
`;
}
