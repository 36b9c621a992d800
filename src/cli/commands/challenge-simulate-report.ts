import type { PathCounts } from "../../risk/prop-firm/simulate/simulate-shard.js";
import {
  type Estimate,
  expectedCostToFunded,
  type SimulationSummary,
  summarize,
} from "../../risk/prop-firm/simulate/summarize.js";
import type { SimulationView } from "../../runtime/report/simulation-section.js";
import type { SimulatePlan } from "./challenge-simulate-input.js";

interface ScanRow {
  riskPct: number;
  passProbability: number;
  standardError: number;
  peak: boolean;
}

/** The scan's rows, the (first) highest pass probability marked as the peak. */
function scanRows(plan: SimulatePlan, counts: readonly PathCounts[]): ScanRow[] | null {
  if (plan.scan === null) return null;
  const rows = plan.scan.map((s, i) => {
    const pass = summarize(counts[i]!).pass;
    return {
      riskPct: s.riskPct,
      passProbability: pass.probability,
      standardError: pass.standardError,
      peak: false,
    };
  });
  const best = rows.reduce((b, r, i) => (r.passProbability > rows[b]!.passProbability ? i : b), 0);
  rows[best]!.peak = true;
  return rows;
}

/** The JSON report: every probability with its standard error beside it. */
export function simulationJson(plan: SimulatePlan, main: PathCounts, scan: readonly PathCounts[]) {
  const s = summarize(main);
  const cost = plan.fee === null ? null : expectedCostToFunded(plan.fee, s.pass);
  return {
    program: plan.program,
    phases: plan.phases.map((p) => p.phase),
    mode: plan.mode,
    input: plan.input,
    initial: plan.spec.sizing.initial,
    compound: plan.spec.sizing.compound,
    maxDays: Number.isFinite(plan.spec.sizing.maxDays) ? plan.spec.sizing.maxDays : null,
    blockLength: plan.blockLength,
    paths: s.paths,
    seed: plan.spec.seed,
    workers: plan.workers,
    passProbability: s.pass.probability,
    standardError: s.pass.standardError,
    failDailyProbability: s.failDaily.probability,
    failDailyStandardError: s.failDaily.standardError,
    failMaxLossProbability: s.failMaxLoss.probability,
    failMaxLossStandardError: s.failMaxLoss.standardError,
    failNotFinishedProbability: s.notFinished.probability,
    failNotFinishedStandardError: s.notFinished.standardError,
    phasePass: plan.phases.map((p, i) => ({ phase: p.phase, ...s.phasePass[i]! })),
    medianDaysToPass: s.daysToPass?.p50 ?? null,
    daysToPass: s.daysToPass,
    expectedCostToFunded:
      plan.fee === null
        ? null
        : {
            fee: plan.fee,
            rule: "fee / passProbability",
            cost: cost?.cost ?? null,
            standardError: cost?.standardError ?? null,
          },
    riskScan: scanRows(plan, scan),
  };
}

const pct = (e: Estimate): string =>
  `${(e.probability * 100).toFixed(2).padStart(6)} % ± ${(e.standardError * 100).toFixed(2)} %`;

function daysLine(s: SimulationSummary): string {
  const d = s.daysToPass;
  if (d === null) return "days to pass: no path passed";
  return `days to pass: p10 ${d.p10}, p25 ${d.p25}, median ${d.p50}, p75 ${d.p75}, p90 ${d.p90} (mean ${d.mean.toFixed(1)})`;
}

/** The text report. */
export function simulationText(plan: SimulatePlan, main: PathCounts, scan: readonly PathCounts[]): string {
  const s = summarize(main);
  const j = simulationJson(plan, main, scan);
  const limit = j.maxDays === null ? "no day limit" : `within ${j.maxDays} days`;
  const lines = [
    `${plan.program} (${j.phases.join(" → ")}), ${plan.mode}: ${plan.input}`,
    `initial ${plan.spec.sizing.initial}, ${limit}${plan.blockLength === null ? "" : `, mean block length ${plan.blockLength} days`}`,
    `${s.paths} paths, seed ${plan.spec.seed}, ${plan.workers} worker(s)`,
    "",
    `pass                    ${pct(s.pass)}`,
    `fail: max daily loss    ${pct(s.failDaily)}`,
    `fail: max loss          ${pct(s.failMaxLoss)}`,
    `not finished            ${pct(s.notFinished)}`,
  ];
  plan.phases.forEach((p, i) => {
    if (plan.phases.length > 1) lines.push(`passed ${p.phase.padEnd(17)}${pct(s.phasePass[i]!)}`);
  });
  lines.push("", daysLine(s));
  const cost = j.expectedCostToFunded;
  if (cost !== null)
    lines.push(
      cost.cost === null
        ? `expected cost to get funded at a fee of ${cost.fee}: unbounded (no path passed)`
        : `expected cost to get funded at a fee of ${cost.fee}: ${cost.cost.toFixed(2)} ± ${cost.standardError!.toFixed(2)} (fee / pass probability)`,
    );
  if (j.riskScan !== null) {
    lines.push("", "risk %   pass");
    for (const r of j.riskScan)
      lines.push(
        `${r.riskPct.toFixed(2).padStart(6)}   ${pct({ probability: r.passProbability, standardError: r.standardError })}${r.peak ? "   <- peak" : ""}`,
      );
  }
  return `${lines.join("\n")}\n`;
}

/** What the HTML report shows of a simulation. */
export function simulationView(
  plan: SimulatePlan,
  main: PathCounts,
  scan: readonly PathCounts[],
): SimulationView {
  const s = summarize(main);
  const j = simulationJson(plan, main, scan);
  return {
    title: `${plan.program} (${j.phases.join(" → ")}), ${plan.mode}: ${plan.input}`,
    paths: s.paths,
    pass: s.pass,
    failDaily: s.failDaily,
    failMaxLoss: s.failMaxLoss,
    notFinished: s.notFinished,
    daysToPass: main.daysToPass,
    riskScan: j.riskScan,
  };
}
