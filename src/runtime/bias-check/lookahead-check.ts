import { toIsoUtc } from "../../core/time.js";
import { sliceBars } from "./bar-series.js";
import { type CheckTarget, recordRun } from "./check-target.js";

export interface BiasFinding {
  /** the bar's open time, ISO UTC */
  bar: string;
  kind: "signal" | "indicator";
  /** the indicator's name, or "signals" */
  name: string;
  /** the value on all the data and on the data cut at the bar (or with the shorter warm-up) */
  full: string;
  cut: string;
}

export interface LookaheadResult {
  label: string;
  bars: number;
  /** bars on which the strategy proposed something, on all the data */
  signalBars: number;
  /** of those, how many were re-run with the data cut there */
  checked: number;
  findings: BiasFinding[];
  /** true when no signal and no indicator value changed */
  passed: boolean;
}

const show = (v: number | undefined): string => (v === undefined ? "(none)" : String(v));

/**
 * freqtrade's lookahead-analysis for an event-driven strategy: runs it over all the data, then, for each
 * bar on which it proposed an intent, runs it again on the data cut right after that bar. A strategy that
 * sees only the past proposes the same intents on that bar and has the same indicator values there; any
 * difference means it used a later bar. `maxSignals` spreads the re-runs evenly over the signal bars
 * (the first and the last always among them).
 */
export function lookaheadCheck(target: CheckTarget, opts: { maxSignals?: number } = {}): LookaheadResult {
  const { bars } = target;
  const full = recordRun(target, bars);
  const signalTimes = [...new Set(full.signals.map((s) => s.barTime))];
  const chosen = spread(signalTimes, opts.maxSignals ?? Number.POSITIVE_INFINITY);
  const rowOf = new Map<number, number>();
  for (let i = 0; i < bars.length; i++) rowOf.set(bars.time[i]!, i);
  const findings: BiasFinding[] = [];
  for (const t of chosen) {
    const row = rowOf.get(t);
    if (row === undefined) continue;
    const cut = recordRun(target, sliceBars(bars, 0, row + 1));
    const bar = toIsoUtc(t);
    const a = full.signalsAt(t).join("\n");
    const b = cut.signalsAt(t).join("\n");
    if (a !== b)
      findings.push({ bar, kind: "signal", name: "signals", full: a || "(none)", cut: b || "(none)" });
    const fa = full.indicators.get(t) ?? {};
    const fb = cut.indicators.get(t) ?? {};
    for (const name of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
      const x = fa[name];
      const y = fb[name];
      if (!(x === y || (Number.isNaN(x) && Number.isNaN(y))))
        findings.push({ bar, kind: "indicator", name, full: show(x), cut: show(y) });
    }
  }
  return {
    label: target.label,
    bars: bars.length,
    signalBars: signalTimes.length,
    checked: chosen.length,
    findings,
    passed: findings.length === 0,
  };
}

/** At most n of the items, evenly spread, the first and the last included. */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  if (n <= 1) return items.slice(-1);
  const out: T[] = [];
  for (let k = 0; k < n; k++) out.push(items[Math.round((k * (items.length - 1)) / (n - 1))]!);
  return [...new Set(out)];
}
