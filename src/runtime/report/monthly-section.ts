import type { Section } from "./chart-spec.js";
import type { EquityPoint } from "./equity-section.js";
import { escapeHtml } from "./html.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Each month's return, a fraction of the equity at its start (the points' days' months), keyed "YYYY-MM". */
export function monthlyReturns(points: readonly EquityPoint[], initial: number): Map<string, number> {
  const out = new Map<string, number>();
  let start = initial;
  let key: string | null = null;
  let last = initial;
  for (const p of points) {
    const k = (p.day ?? new Date(p.t).toISOString()).slice(0, 7);
    if (key !== null && k !== key) {
      out.set(key, start > 0 ? last / start - 1 : 0);
      start = last;
    }
    key = k;
    last = p.equity;
  }
  if (key !== null) out.set(key, start > 0 ? last / start - 1 : 0);
  return out;
}

function cell(r: number | undefined): string {
  if (r === undefined) return "<td></td>";
  const a = Math.min(1, Math.abs(r) / 0.1);
  const bg =
    r >= 0
      ? `rgba(22,163,74,${(0.1 + 0.6 * a).toFixed(2)})`
      : `rgba(220,38,38,${(0.1 + 0.6 * a).toFixed(2)})`;
  return `<td class="num" style="background:${bg}">${(r * 100).toFixed(2)}</td>`;
}

/** Monthly returns: a year a row, a month a column, green up and red down. */
export function monthlySection(points: readonly EquityPoint[], initial: number): Section {
  const m = monthlyReturns(points, initial);
  const years = [...new Set([...m.keys()].map((k) => k.slice(0, 4)))].sort();
  const rows = years.map((y) => {
    let year = 1;
    const cells = MONTHS.map((_, i) => {
      const r = m.get(`${y}-${String(i + 1).padStart(2, "0")}`);
      if (r !== undefined) year *= 1 + r;
      return cell(r);
    });
    return `<tr><th>${escapeHtml(y)}</th>${cells.join("")}${cell(year - 1)}</tr>`;
  });
  return {
    title: "Monthly returns (%)",
    html: `<table class="monthly"><thead><tr><th></th>${MONTHS.map((x) => `<th>${x}</th>`).join("")}<th>year</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
    charts: [],
  };
}
