import { type ChartSpec, COLORS, type Section } from "./chart-spec.js";
import { escapeHtml, pct, table } from "./html.js";

interface Estimate {
  probability: number;
  standardError: number;
}

/** A Monte Carlo of a challenge as the report shows it (from `hydra challenge simulate`). */
export interface SimulationView {
  title: string;
  paths: number;
  pass: Estimate;
  failDaily: Estimate;
  failMaxLoss: Estimate;
  notFinished: Estimate;
  /** daysToPass[d]: paths that passed on day d */
  daysToPass: readonly number[];
  /** the pass probability at each risk a trade (--scan-risk) */
  riskScan: ReadonlyArray<{ riskPct: number; passProbability: number }> | null;
}

const pm = (e: Estimate): string => `${pct(e.probability)} ± ${pct(e.standardError)}`;

/** The pass probability, the outcomes, and the distribution of the days it took the paths that passed. */
export function simulationSection(s: SimulationView): Section {
  const last = s.daysToPass.findLastIndex((v) => v > 0);
  const days = s.daysToPass.slice(0, Math.max(1, last + 1));
  const charts: ChartSpec[] = [
    {
      id: "chart-days-to-pass",
      title: "Days to pass (paths that passed, % of all paths)",
      x: days.map((_, d) => d),
      time: false,
      xLabel: "day",
      y: "% of paths",
      series: [
        {
          label: "passed that day",
          values: days.map((v) => (100 * v) / Math.max(1, s.paths)),
          color: COLORS.gain,
          style: "bars" as const,
        },
      ],
    },
    {
      id: "chart-outcomes",
      title: "Outcomes (% of paths): pass, fail daily, fail max loss, not finished",
      x: [1, 2, 3, 4],
      time: false,
      xLabel: "1 pass · 2 daily loss · 3 max loss · 4 not finished",
      xStep: 1,
      y: "%",
      height: 200,
      series: [
        {
          label: "% of paths",
          values: [s.pass, s.failDaily, s.failMaxLoss, s.notFinished].map((e) => 100 * e.probability),
          color: COLORS.equity,
          style: "bars" as const,
        },
      ],
    },
  ];
  if (s.riskScan !== null)
    charts.push({
      id: "chart-risk-scan",
      title: "Pass probability by risk a trade",
      x: s.riskScan.map((r) => r.riskPct),
      time: false,
      xLabel: "risk a trade, %",
      y: "% pass",
      height: 220,
      series: [
        {
          label: "pass %",
          values: s.riskScan.map((r) => 100 * r.passProbability),
          color: COLORS.oos,
          style: "line" as const,
        },
      ],
    });
  return {
    title: "Pass probability",
    html: `<p class="verdict" id="verdict">pass probability ${pm(s.pass)}</p><p>${escapeHtml(s.title)}; ${s.paths} paths.</p>${table(
      ["outcome", "probability"],
      [
        ["pass", pm(s.pass)],
        ["fail: max daily loss", pm(s.failDaily)],
        ["fail: max loss", pm(s.failMaxLoss)],
        ["not finished", pm(s.notFinished)],
      ],
    )}${charts.map((c) => `<figure class="chart" id="${c.id}"></figure>`).join("")}`,
    charts,
  };
}
