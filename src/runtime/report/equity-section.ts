import { COLORS, type Section, type SeriesSpec, seconds } from "./chart-spec.js";
import { money, pct, table } from "./html.js";

/** A point of the equity curve: its time (epoch ms), equity, and the lowest equity since the point before. */
export interface EquityPoint {
  t: number;
  equity: number;
  low?: number;
  /** the account day it belongs to (YYYY-MM-DD): its month is the point's month (UTC's otherwise) */
  day?: string;
}

/** Equity and drawdown (from the running peak, lows included), with the key figures. */
export function equitySection(points: readonly EquityPoint[], initial: number): Section {
  let peak = initial;
  let maxDd = 0;
  const dd: number[] = [];
  for (const p of points) {
    const low = Math.min(p.low ?? p.equity, p.equity);
    const d = peak > 0 ? (low - peak) / peak : 0;
    dd.push(Math.min(0, d) * 100);
    if (d < maxDd) maxDd = d;
    peak = Math.max(peak, p.equity);
  }
  const last = points.at(-1)?.equity ?? initial;
  const x = points.map((p) => seconds(p.t));
  const series: SeriesSpec[] = [
    { label: "equity", values: points.map((p) => p.equity), color: COLORS.equity, style: "line" as const },
  ];
  if (points.some((p) => p.low !== undefined))
    series.push({
      label: "lowest equity",
      values: points.map((p) => p.low ?? p.equity),
      color: COLORS.low,
      style: "line" as const,
    });
  return {
    title: "Equity and drawdown",
    html: `${table(
      ["", "value"],
      [
        ["initial", money(initial)],
        ["final equity", money(last)],
        ["return", pct(initial > 0 ? last / initial - 1 : 0)],
        ["max drawdown", pct(maxDd)],
      ],
    )}<figure class="chart" id="chart-equity"></figure><figure class="chart" id="chart-drawdown"></figure>`,
    charts: [
      { id: "chart-equity", title: "Equity", x, time: true, series, y: "equity" },
      {
        id: "chart-drawdown",
        title: "Drawdown from the peak (%)",
        x,
        time: true,
        series: [
          {
            label: "drawdown %",
            values: dd,
            color: COLORS.drawdown,
            style: "line",
            fill: "rgba(220,38,38,0.15)",
          },
        ],
        y: "%",
        height: 180,
      },
    ],
  };
}
